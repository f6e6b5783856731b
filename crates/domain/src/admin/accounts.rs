//! Accounts as administrators see them, and the operator's grant of the
//! administrator flag.

use super::site_audit::{self, Logged, SiteAction};
use crate::error::{Error, Result};
use crate::pagination::{Page, like_prefix};
use crate::schema::users;
use crate::users::{PublicUser, User};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

/// An account as the administrators see it: the public profile, its email,
/// and its standing on the site.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AdminUser {
    #[serde(flatten)]
    pub profile: PublicUser,
    pub email: Option<String>,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub site_admin: bool,
    /// When it was disabled (null: it is not).
    pub disabled_at: Option<DateTime<Utc>>,
    pub disabled_reason: Option<String>,
}

impl From<&User> for AdminUser {
    fn from(u: &User) -> Self {
        Self {
            profile: PublicUser::from(u),
            email: u.email.clone(),
            email_verified_at: u.email_verified_at,
            last_seen_at: u.last_seen_at,
            site_admin: u.site_admin,
            disabled_at: u.disabled_at,
            disabled_reason: u.disabled_reason.clone(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AdminUserPage {
    /// Newest accounts first.
    pub items: Vec<AdminUser>,
    /// Pass as `before` for older accounts; null on the last page.
    pub next_before: Option<Uuid>,
}

/// Accounts (not deleted) whose username or email starts with `query`, or
/// whose display name contains it; all of them without a query. Newest first.
pub async fn search_users(
    conn: &mut AsyncPgConnection,
    query: Option<&str>,
    disabled_only: bool,
    page: Page,
) -> Result<AdminUserPage> {
    let mut select = users::table
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .order(users::id.desc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) {
        let prefix = like_prefix(&q.to_lowercase());
        let inside = format!("%{}", like_prefix(q));
        select = select.filter(
            users::username
                .like(prefix.clone())
                .or(users::email.ilike(prefix))
                .or(users::display_name.ilike(inside)),
        );
    }
    if disabled_only {
        select = select.filter(users::disabled_at.is_not_null());
    }
    if let Some(before) = page.before {
        select = select.filter(users::id.lt(before));
    }
    let (rows, next_before) = page.split(select.load(conn).await?, |u: &User| u.id);
    Ok(AdminUserPage {
        next_before,
        items: rows.iter().map(AdminUser::from).collect(),
    })
}

/// One account (not deleted).
pub async fn find_user(conn: &mut AsyncPgConnection, id: Uuid) -> Result<AdminUser> {
    let user: User = users::table
        .find(id)
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("user"))?;
    Ok(AdminUser::from(&user))
}

/// Gives or takes the administrator flag (the operator's command), logged
/// with no actor. Returns whether it changed.
pub async fn set_site_admin(
    conn: &mut AsyncPgConnection,
    username: &crate::users::Username,
    admin: bool,
) -> Result<bool> {
    let changed: Option<Uuid> = diesel::update(
        users::table
            .filter(users::username.eq(username.as_str()))
            .filter(users::deleted_at.is_null())
            .filter(users::site_admin.ne(admin)),
    )
    .set(users::site_admin.eq(admin))
    .returning(users::id)
    .get_result(conn)
    .await
    .optional()?;
    let Some(user) = changed else {
        crate::users::repo::find_by_username(conn, username)
            .await?
            .ok_or(Error::not_found("user"))?;
        return Ok(false);
    };
    let action = if admin {
        SiteAction::AdminGranted
    } else {
        SiteAction::AdminRevoked
    };
    site_audit::record(
        conn,
        Logged {
            action,
            actor: None,
            target_user: Some(user),
            target_group: None,
            details: json!({ "by": "command line" }),
            reason: None,
        },
    )
    .await?;
    Ok(true)
}
