//! Who is online.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Online,
    Away,
    Offline,
}

/// A user's presence, as `GET /friends` and `presence.updated` show it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Presence {
    pub user_id: Uuid,
    pub status: Status,
    /// When the last connection went away (for offline users).
    pub last_seen_at: Option<DateTime<Utc>>,
    /// Increases with every change of this user's presence; keep the highest.
    pub version: i64,
}
