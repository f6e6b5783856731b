//! A group's audit log: every moderation and settings action, with who did
//! it, to whom, when and why. Written in the transaction of the action (by
//! `groups::announce` for the actions that post a system line, and by the
//! message paths for a moderator's delete and for pins); read by members whose
//! role has `view_audit_log`.
//!
//! Entries are keyed by conversation when written (the message paths know a
//! conversation, not a group): a DM has no group, so it has no log.

use crate::access::{Action, authorize, standing_in_conversation};
use crate::error::{Error, ErrorCode, Result};
use crate::pagination::parse_limit;
use crate::schema::{group_audit_log, groups};
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

crate::wire_names! {
    /// What happened. The names are the wire's (and those of the system lines
    /// the same actions post, where they post one).
    pub enum AuditAction ("What was done.") {
        GroupUpdated => "group_updated",
        OwnershipTransferred => "ownership_transferred",
        MemberKicked => "member_kicked",
        MemberBanned => "member_banned",
        MemberUnbanned => "member_unbanned",
        MemberTimedOut => "member_timed_out",
        MemberTimeoutEnded => "member_timeout_ended",
        RoleCreated => "role_created",
        RoleUpdated => "role_updated",
        RoleDeleted => "role_deleted",
        RolesReordered => "roles_reordered",
        RoleAssigned => "role_assigned",
        MessageDeleted => "message_deleted",
        MessagePinned => "message_pinned",
        MessageUnpinned => "message_unpinned",
        InviteLinkCreated => "invite_link_created",
        InviteLinkRevoked => "invite_link_revoked",
        ReportResolved => "report_resolved",
        EmojiCreated => "emoji_created",
        EmojiDeleted => "emoji_deleted",
    }
}

/// Why a moderator did it, as they wrote it: 1 to 512 characters, no control
/// characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReason(String);

impl AuditReason {
    pub const MAX: usize = 512;

    pub fn parse(input: &str) -> Result<Self> {
        let text = input.trim();
        if text.is_empty() || text.chars().count() > Self::MAX || text.chars().any(char::is_control)
        {
            return Err(Error::new(
                ErrorCode::InvalidReason,
                format!(
                    "a reason is 1 to {} characters without control characters",
                    Self::MAX
                ),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One action as the log shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    pub group_id: Uuid,
    #[schema(schema_with = AuditAction::schema)]
    pub action: String,
    /// Who did it (null once their account is gone).
    pub actor: Option<PublicUser>,
    /// The member acted on, if any.
    pub target: Option<PublicUser>,
    /// What the action changed (fields, role, message, until), by action.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    /// Newest first.
    pub items: Vec<AuditEntry>,
    /// Pass as `before` for older entries; null on the last page.
    pub next_before: Option<Uuid>,
}

/// What to show of the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<AuditAction>,
    pub actor: Option<Uuid>,
    pub target: Option<Uuid>,
    pub before: Option<Uuid>,
    pub limit: Option<i64>,
}

/// One action about to be logged.
pub struct Logged<'a> {
    pub action: AuditAction,
    pub actor: Uuid,
    pub target: Option<Uuid>,
    pub details: serde_json::Value,
    pub reason: Option<&'a AuditReason>,
}

/// Logs an action in the group whose conversation this is (nothing for a
/// DM). Call in the action's transaction.
pub async fn record(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    entry: Logged<'_>,
) -> Result<()> {
    diesel::sql_query(
        "INSERT INTO group_audit_log (id, group_id, actor_id, action, target_user_id, details, reason)
         SELECT $1, g.id, $3, $4, $5, $6, $7 FROM groups g WHERE g.conversation_id = $2",
    )
    .bind::<diesel::sql_types::Uuid, _>(Uuid::now_v7())
    .bind::<diesel::sql_types::Uuid, _>(conversation)
    .bind::<diesel::sql_types::Uuid, _>(entry.actor)
    .bind::<diesel::sql_types::Text, _>(entry.action.as_str())
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Uuid>, _>(entry.target)
    .bind::<diesel::sql_types::Jsonb, _>(entry.details)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(
        entry.reason.map(AuditReason::as_str),
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = group_audit_log)]
struct Row {
    id: Uuid,
    group_id: Uuid,
    actor_id: Option<Uuid>,
    action: String,
    target_user_id: Option<Uuid>,
    details: serde_json::Value,
    reason: Option<String>,
    created_at: DateTime<Utc>,
}

/// The group's log, newest first, for a member whose role has
/// `view_audit_log` (others: 403; outsiders: 404).
pub async fn list(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    filter: AuditFilter,
) -> Result<AuditPage> {
    let limit = parse_limit(filter.limit)?;
    let conversation: Uuid = groups::table
        .find(group)
        .select(groups::conversation_id)
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("group"))?;
    let standing = standing_in_conversation(conn, conversation, me)
        .await?
        .ok_or(Error::not_found("group"))?;
    authorize(&standing, Action::ViewAuditLog)?;
    let mut query = group_audit_log::table
        .filter(group_audit_log::group_id.eq(group))
        .select(Row::as_select())
        .order(group_audit_log::id.desc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(action) = filter.action {
        query = query.filter(group_audit_log::action.eq(action.as_str()));
    }
    if let Some(actor) = filter.actor {
        query = query.filter(group_audit_log::actor_id.eq(actor));
    }
    if let Some(target) = filter.target {
        query = query.filter(group_audit_log::target_user_id.eq(target));
    }
    if let Some(before) = filter.before {
        query = query.filter(group_audit_log::id.lt(before));
    }
    let mut rows: Vec<Row> = query.load(conn).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let people: Vec<Uuid> = rows
        .iter()
        .flat_map(|r| [r.actor_id, r.target_user_id])
        .flatten()
        .collect();
    let profiles = user_repo::public_profiles(conn, &people).await?;
    let profile = |id: Option<Uuid>| id.and_then(|id| profiles.get(&id).cloned());
    Ok(AuditPage {
        next_before: more.then(|| rows.last().map(|r| r.id)).flatten(),
        items: rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                group_id: r.group_id,
                action: r.action,
                actor: profile(r.actor_id),
                target: profile(r.target_user_id),
                details: r.details,
                reason: r.reason,
                created_at: r.created_at,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_short_plain_text() {
        assert_eq!(AuditReason::parse("  spam  ").unwrap().as_str(), "spam");
        assert!(AuditReason::parse("").is_err());
        assert!(AuditReason::parse("a\u{7}b").is_err());
        assert!(AuditReason::parse(&"x".repeat(513)).is_err());
        assert!(AuditReason::parse(&"ü".repeat(512)).is_ok());
    }
}
