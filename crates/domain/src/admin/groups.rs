//! Groups as site administrators see them: every group, private ones too,
//! and deleting one whoever owns it.

use super::site_audit::{self, Logged, SiteAction};
use crate::audit::AuditReason;
use crate::error::Result;
use crate::groups::{self, Group};
use crate::pagination::Page;
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use diesel_async::AsyncPgConnection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AdminGroup {
    #[serde(flatten)]
    pub group: Group,
    /// Null once the owner's account is gone.
    pub owner: Option<PublicUser>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AdminGroupPage {
    /// Newest first.
    pub items: Vec<AdminGroup>,
    /// Pass as `before` for older groups; null on the last page.
    pub next_before: Option<Uuid>,
}

pub async fn search_groups(
    conn: &mut AsyncPgConnection,
    query: Option<&str>,
    page: Page,
) -> Result<AdminGroupPage> {
    let (found, next_before) = groups::every_group(conn, query, page).await?;
    let owners: Vec<Uuid> = found.iter().map(|g| g.owner_id).collect();
    let profiles = user_repo::public_profiles(conn, &owners).await?;
    Ok(AdminGroupPage {
        items: found
            .into_iter()
            .map(|group| AdminGroup {
                owner: profiles.get(&group.owner_id).cloned(),
                group,
            })
            .collect(),
        next_before,
    })
}

/// Deletes a group for everyone, logged with its name and the reason. The
/// caller checked `require_admin` in this transaction.
pub async fn delete_group(
    conn: &mut AsyncPgConnection,
    admin: Uuid,
    group: Uuid,
    reason: &AuditReason,
) -> Result<()> {
    let name = groups::delete_as_site_admin(conn, group).await?;
    site_audit::record(
        conn,
        Logged {
            action: SiteAction::GroupDeleted,
            actor: Some(admin),
            target_user: None,
            target_group: Some(group),
            details: json!({ "name": name }),
            reason: Some(reason.as_str()),
        },
    )
    .await
}
