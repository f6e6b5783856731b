use crate::models::PublicUser;

use crate::schema::users;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A row of `users`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub password_hash: Option<String>,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub bio: String,
    pub status_text: String,
    pub avatar_media_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// When the user proved they own `email`; None until then.
    pub email_verified_at: Option<DateTime<Utc>>,
    /// When one-time codes became required at login; None while they are not.
    pub totp_enabled_at: Option<DateTime<Utc>>,
    /// The user who made this bot account; None for a person (and for a
    /// group's integration, which belongs to its group).
    pub bot_owner_id: Option<Uuid>,
    /// Run by code: a bot or an integration.
    pub bot: bool,
    /// Whether links in this user's messages get previews.
    pub link_previews: bool,
    /// Whether pushes may show what messages say.
    pub push_previews: bool,
    pub dnd_until: Option<DateTime<Utc>>,
    pub dnd_start_minute: Option<i16>,
    pub dnd_end_minute: Option<i16>,
    pub dnd_time_zone: Option<String>,
    /// May handle the site's reports and disable accounts.
    pub site_admin: bool,
    /// When a site administrator disabled the account: it cannot log in.
    pub disabled_at: Option<DateTime<Utc>>,
    pub disabled_reason: Option<String>,
}

/// What a user sees of themselves: the public profile plus private fields.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CurrentUser {
    #[serde(flatten)]
    pub profile: PublicUser,
    pub email: Option<String>,
    /// When the email was confirmed by its mailed link; null while it is not.
    pub email_verified_at: Option<DateTime<Utc>>,
    /// False for an account made by an external provider that never set a
    /// password (deleting it is confirmed another way).
    pub has_password: bool,
    /// Links in your messages get previews (turn off with `PATCH /users/me`).
    pub link_previews: bool,
    /// Pushes show what messages say (off: "New message").
    pub push_previews: bool,
    /// No pushes (and no sounds) until a time, and during quiet hours.
    pub do_not_disturb: super::do_not_disturb::DoNotDisturb,
    /// May open the site's administration (reports of DMs and users,
    /// accounts, groups, the site audit log).
    pub site_admin: bool,
}

impl From<&User> for PublicUser {
    fn from(u: &User) -> Self {
        Self {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            bio: u.bio.clone(),
            status_text: u.status_text.clone(),
            avatar_url: u.avatar_media_id.map(crate::urls::media),
            created_at: u.created_at,
            bot: u.bot,
        }
    }
}

impl From<&User> for CurrentUser {
    fn from(u: &User) -> Self {
        Self {
            profile: PublicUser::from(u),
            email: u.email.clone(),
            email_verified_at: u.email_verified_at,
            has_password: u.password_hash.is_some(),
            link_previews: u.link_previews,
            push_previews: u.push_previews,
            do_not_disturb: super::do_not_disturb::from_row((
                u.dnd_until,
                u.dnd_start_minute,
                u.dnd_end_minute,
                u.dnd_time_zone.clone(),
            )),
            site_admin: u.site_admin,
        }
    }
}
