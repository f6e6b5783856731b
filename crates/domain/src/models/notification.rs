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
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 9] = [
        Self::FriendRequestReceived,
        Self::FriendRequestAccepted,
        Self::GroupInviteReceived,
        Self::MessageMention,
        Self::PasswordReset,
        Self::NewDeviceLogin,
        Self::ExportReady,
        Self::ExportFailed,
        Self::WebhookDisabled,
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
            Self::PasswordReset => "account.password_reset",
            Self::NewDeviceLogin => "account.new_login",
            Self::ExportReady => "account.export_ready",
            Self::ExportFailed => "account.export_failed",
            Self::WebhookDisabled => "account.webhook_disabled",
        }
    }
}
