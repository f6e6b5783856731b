//! Friend requests.

use super::PublicUser;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FriendRequest {
    pub id: Uuid,
    pub from: PublicUser,
    pub to: PublicUser,
    /// `pending`, or `accepted` when sending it accepted the other side's request.
    pub status: String,
    pub created_at: DateTime<Utc>,
}
