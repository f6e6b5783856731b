//! The site audit log: what administrators (and the operator, from the
//! command line) did to accounts, groups and reports, with reason.

use crate::error::Result;
use crate::pagination::Page;
use crate::schema::site_audit_log;
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

crate::wire_names! {
    pub enum SiteAction ("What was done.") {
        AdminGranted => "admin_granted",
        AdminRevoked => "admin_revoked",
        AccountDisabled => "account_disabled",
        AccountEnabled => "account_enabled",
        GroupDeleted => "group_deleted",
        ReportResolved => "report_resolved",
    }
}

/// One action about to be logged.
pub struct Logged<'a> {
    pub action: SiteAction,
    /// None: the operator, from the command line.
    pub actor: Option<Uuid>,
    pub target_user: Option<Uuid>,
    pub target_group: Option<Uuid>,
    pub details: serde_json::Value,
    pub reason: Option<&'a str>,
}

/// Logs an action; call in its transaction.
pub async fn record(conn: &mut AsyncPgConnection, entry: Logged<'_>) -> Result<()> {
    diesel::insert_into(site_audit_log::table)
        .values((
            site_audit_log::id.eq(Uuid::now_v7()),
            site_audit_log::actor_id.eq(entry.actor),
            site_audit_log::action.eq(entry.action.as_str()),
            site_audit_log::target_user_id.eq(entry.target_user),
            site_audit_log::target_group_id.eq(entry.target_group),
            site_audit_log::details.eq(entry.details),
            site_audit_log::reason.eq(entry.reason),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SiteAuditEntry {
    pub id: Uuid,
    #[schema(schema_with = SiteAction::schema)]
    pub action: String,
    /// The administrator (null: the operator's command line, or an account
    /// since deleted).
    pub actor: Option<PublicUser>,
    pub target_user: Option<PublicUser>,
    pub target_group_id: Option<Uuid>,
    /// What the action changed, by action (a deleted group's name, a report's
    /// outcome).
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SiteAuditPage {
    /// Newest first.
    pub items: Vec<SiteAuditEntry>,
    /// Pass as `before` for older entries; null on the last page.
    pub next_before: Option<Uuid>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = site_audit_log)]
struct Row {
    id: Uuid,
    actor_id: Option<Uuid>,
    action: String,
    target_user_id: Option<Uuid>,
    target_group_id: Option<Uuid>,
    details: serde_json::Value,
    reason: Option<String>,
    created_at: DateTime<Utc>,
}

/// The log, newest first; the caller checked `require_admin`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    action: Option<SiteAction>,
    target_user: Option<Uuid>,
    page: Page,
) -> Result<SiteAuditPage> {
    let mut query = site_audit_log::table
        .select(Row::as_select())
        .order(site_audit_log::id.desc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(action) = action {
        query = query.filter(site_audit_log::action.eq(action.as_str()));
    }
    if let Some(target) = target_user {
        query = query.filter(site_audit_log::target_user_id.eq(target));
    }
    if let Some(before) = page.before {
        query = query.filter(site_audit_log::id.lt(before));
    }
    let (rows, next_before) = page.split(query.load(conn).await?, |r: &Row| r.id);
    let people: Vec<Uuid> = rows
        .iter()
        .flat_map(|r| [r.actor_id, r.target_user_id])
        .flatten()
        .collect();
    let profiles = user_repo::public_profiles(conn, &people).await?;
    let profile = |id: Option<Uuid>| id.and_then(|id| profiles.get(&id).cloned());
    Ok(SiteAuditPage {
        next_before,
        items: rows
            .into_iter()
            .map(|r| SiteAuditEntry {
                id: r.id,
                action: r.action,
                actor: profile(r.actor_id),
                target_user: profile(r.target_user_id),
                target_group_id: r.target_group_id,
                details: r.details,
                reason: r.reason,
                created_at: r.created_at,
            })
            .collect(),
    })
}
