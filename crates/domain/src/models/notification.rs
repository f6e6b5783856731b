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

crate::wire_names! {
    /// What a notification is about.
    pub enum NotificationKind ("What it is about; a kind the client does not know should still show.") {
        FriendRequestReceived => "friend_request.received",
        FriendRequestAccepted => "friend_request.accepted",
        GroupInviteReceived => "group_invite.received",
        MessageMention => "message.mention",
        /// A reply in a thread the user follows (a reply that mentions them
        /// is a mention instead).
        ThreadReply => "thread.reply",
        /// The password was reset (by mail, operator link or recovery code).
        PasswordReset => "account.password_reset",
        /// A device the account had not seen logged in.
        NewDeviceLogin => "account.new_login",
        /// A data export is ready to download.
        ExportReady => "account.export_ready",
        /// A data export could not be built.
        ExportFailed => "account.export_failed",
        /// An outgoing webhook kept failing and was disabled.
        WebhookDisabled => "account.webhook_disabled",
        /// A report reached a queue this user handles.
        ReportReceived => "report.received",
        /// A report this user made was settled.
        ReportResolved => "report.resolved",
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
