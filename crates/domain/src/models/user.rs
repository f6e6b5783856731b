//! People as others see them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What anyone may see of a user.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicUser {
    pub id: Uuid,
    pub username: String,
    pub display_name: Option<String>,
    pub bio: String,
    pub status_text: String,
    /// Where the avatar image is fetched, if the user set one.
    pub avatar_url: Option<String>,
    pub created_at: DateTime<Utc>,
    /// An account run by code (a bot made with `POST /bots`, or a group's
    /// incoming webhook); shown as a bot wherever the user shows.
    pub bot: bool,
}
