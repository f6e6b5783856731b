//! `/api/v1/admin/*`: the site administrators' area (accounts, groups, the
//! site's report queue, the site audit log, instance statistics). Every operation needs a login (never a
//! personal access token) of an account with the administrator flag.

pub mod audit_log;
pub mod delete_group;
pub mod disable;
pub mod enable;
pub mod groups;
pub mod reports;
pub mod stats;
pub mod user;
pub mod users;

use crate::extract::Authenticated;
use confab_domain::{Platform, Result, admin};

/// Refuses (403 `admin_only`) anyone but a site administrator.
pub async fn require(platform: &Platform, who: &Authenticated) -> Result<()> {
    let mut conn = platform.conn().await?;
    admin::require_admin(&mut conn, who.0.user_id).await
}
