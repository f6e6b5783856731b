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
    #[schema(schema_with = statuses)]
    pub status: String,
    pub created_at: DateTime<Utc>,
}

fn statuses() -> utoipa::openapi::schema::Object {
    crate::text::one_of(
        "`pending`; `accepted` when sending it accepted the other side's request (and in `friend_request.accepted`); `declined` or `cancelled` in the events that say so.",
        &["pending", "accepted", "declined", "cancelled"],
    )
}
