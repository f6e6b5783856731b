//! Groups, their roles, members and invitations.

use super::PublicUser;
use crate::access::Permissions;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A group as the API returns it, and as `group.*` events carry it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Group {
    pub id: Uuid,
    /// Use with the conversation routes for messages, reads and typing.
    pub conversation_id: Uuid,
    pub name: String,
    pub description: String,
    pub photo_url: Option<String>,
    #[schema(schema_with = kinds)]
    pub kind: String,
    /// Public groups only; unique regardless of case.
    pub handle: Option<String>,
    pub owner_id: Uuid,
    /// The role everyone joins with.
    pub default_role_id: Option<Uuid>,
    pub member_count: i64,
    pub created_at: DateTime<Utc>,
    /// Slow mode: seconds each member waits between messages (0: off); roles
    /// with `bypass_slowmode` do not wait.
    pub slowmode_secs: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Role {
    pub id: Uuid,
    pub group_id: Uuid,
    pub name: String,
    /// `#rrggbb`.
    pub colour: Option<String>,
    /// Higher outranks lower.
    pub priority: i32,
    pub permissions: Permissions,
    /// The role everyone joins with; it cannot be deleted.
    pub is_default: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Member {
    pub group_id: Uuid,
    pub user: PublicUser,
    pub role_id: Uuid,
    pub owner: bool,
    pub joined_at: DateTime<Utc>,
    /// Set while the member is timed out: they read but cannot write until then.
    pub timed_out_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Invite {
    pub id: Uuid,
    pub group: Group,
    pub inviter: PublicUser,
    pub invitee: PublicUser,
    pub created_at: DateTime<Utc>,
}

pub(crate) fn kinds() -> utoipa::openapi::schema::Object {
    crate::text::one_of(
        "`private` (invitation only) or `public` (found by search, joined freely).",
        &["private", "public"],
    )
}
