//! Site administration: who administers the site (a flag the operator sets
//! with `confab-api admin grant`), the site audit log every administrator's
//! action goes to, and the administrators' view of accounts. Disabling an
//! account lives with the other ends of logins, in `auth::disable`.

mod accounts;
mod groups;
mod site_audit;
mod stats;

pub use accounts::{AdminUser, AdminUserPage, find_user, search_users, set_site_admin};
pub use groups::{AdminGroup, AdminGroupPage, delete_group, search_groups};
pub use site_audit::{Logged, SiteAction, SiteAuditEntry, SiteAuditPage, list, record};
pub use stats::{DayCount, InstanceStats, instance};

use crate::error::{Error, ErrorCode, Result};
use crate::schema::users;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// Refuses (403 `admin_only`) anyone but a site administrator whose account
/// is live. Read from the database each time: a flag taken away works at once.
pub async fn require_admin(conn: &mut AsyncPgConnection, me: Uuid) -> Result<()> {
    let admin: Option<bool> = users::table
        .find(me)
        .filter(users::disabled_at.is_null())
        .filter(users::deleted_at.is_null())
        .select(users::site_admin)
        .first(conn)
        .await
        .optional()?;
    if admin == Some(true) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::AdminOnly,
            "only the site's administrators may do this",
        ))
    }
}
