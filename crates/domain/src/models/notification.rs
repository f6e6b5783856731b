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
    /// `friend_request.received`, `friend_request.accepted`, ...
    pub kind: String,
    /// Who caused it.
    pub actor: Option<PublicUser>,
    /// Kind-specific details (e.g. `request_id`).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}
