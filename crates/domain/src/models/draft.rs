//! Drafts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The unsent text of one conversation's composer, as its writer left it (on
/// any of their devices). In `draft.updated`, an empty `body` with no
/// `reply_to_id` means the draft was cleared (sent, or emptied).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Draft {
    /// Whose draft it is (events go to this user's sockets only).
    pub user_id: Uuid,
    pub conversation_id: Uuid,
    /// Exactly as typed, up to 4000 characters.
    pub body: String,
    /// The message it will reply to.
    pub reply_to_id: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}
