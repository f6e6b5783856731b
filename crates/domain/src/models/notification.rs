//! Notifications.

use super::PublicUser;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    pub id: Uuid,
    /// Whose notification it is.
    pub user_id: Uuid,
    #[schema(schema_with = NotificationKind::schema)]
    pub kind: String,
    /// Who caused it.
    pub actor: Option<PublicUser>,
    /// Kind-specific details (e.g. `request_id`).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// What a notification is about.
#[derive(Debug, Clone, Copy)]
pub enum NotificationKind {
    FriendRequestReceived,
    FriendRequestAccepted,
    GroupInviteReceived,
    MessageMention,
    /// A reply in a thread the user follows (a reply that mentions them is a
    /// mention instead).
    ThreadReply,
    /// The password was reset (by mail, operator link or recovery code).
    PasswordReset,
    /// A device the account had not seen logged in.
    NewDeviceLogin,
    /// A data export is ready to download.
    ExportReady,
    /// A data export could not be built.
    ExportFailed,
    /// An outgoing webhook kept failing and was disabled.
    WebhookDisabled,
    /// A report reached a queue this user handles.
    ReportReceived,
    /// A report this user made was settled.
    ReportResolved,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 12] = [
        Self::FriendRequestReceived,
        Self::FriendRequestAccepted,
        Self::GroupInviteReceived,
        Self::MessageMention,
        Self::ThreadReply,
        Self::PasswordReset,
        Self::NewDeviceLogin,
        Self::ExportReady,
        Self::ExportFailed,
        Self::WebhookDisabled,
        Self::ReportReceived,
        Self::ReportResolved,
    ];

    /// Every kind, for the document: clients switch on them.
    pub fn schema() -> utoipa::openapi::schema::Object {
        let names: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
        crate::text::one_of(
            "What it is about; a kind the client does not know should still show.",
            &names,
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::FriendRequestReceived => "friend_request.received",
            Self::FriendRequestAccepted => "friend_request.accepted",
            Self::GroupInviteReceived => "group_invite.received",
            Self::MessageMention => "message.mention",
            Self::ThreadReply => "thread.reply",
            Self::PasswordReset => "account.password_reset",
            Self::NewDeviceLogin => "account.new_login",
            Self::ExportReady => "account.export_ready",
            Self::ExportFailed => "account.export_failed",
            Self::WebhookDisabled => "account.webhook_disabled",
            Self::ReportReceived => "report.received",
            Self::ReportResolved => "report.resolved",
        }
    }
}

/// How much of a conversation's activity reaches its member as notifications,
/// pushes and sounds. Unread counts never change with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotifyLevel {
    /// Every message (pushes and sounds); mentions also notify.
    All,
    /// Only messages that mention you (by name or `@everyone`).
    Mentions,
    /// Nothing, `@everyone` included.
    Nothing,
}

impl NotifyLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Mentions => "mentions",
            Self::Nothing => "nothing",
        }
    }

    /// The stored value; anything unknown reads as the default.
    pub fn parse(stored: &str) -> Self {
        match stored {
            "mentions" => Self::Mentions,
            "nothing" => Self::Nothing,
            _ => Self::All,
        }
    }
}

/// One member's notification settings for one conversation. In
/// `conversation.notifications_updated` (to that member's own sockets) and on
/// each conversation of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConversationNotifications {
    /// Whose settings these are.
    pub user_id: Uuid,
    pub conversation_id: Uuid,
    pub level: NotifyLevel,
    /// Muted now: no pushes and no sounds, and the unread count shows quietly.
    /// A mention still notifies unless the level is `nothing`.
    pub muted: bool,
    /// When a timed mute ends; null with `muted` means until turned off.
    pub muted_until: Option<DateTime<Utc>>,
}
