//! Timeouts: a moderator (`timeout_members`, ranked above the member) puts a
//! member in read-only for a while. The one write rule (`confab_write_check`)
//! refuses their sends, edits, reactions, pins and typing until the time
//! passes, so a timeout ends by itself; a moderator may end it early. Both
//! go to the audit log and reach the members as `group.member_updated`.

use super::members::member;
use super::standing::{lock_group, require_member, standing};
use crate::access::permissions::{Action, authorize};
use crate::audit::{self, AuditAction, AuditReason, Logged};
use crate::error::{Error, ErrorCode, Result};
use crate::events::{self, Payload};
use crate::models::Member;
use crate::schema::conversation_members;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// How long a timeout lasts: a minute to 28 days.
#[derive(Debug, Clone, Copy)]
pub struct TimeoutLength(Duration);

impl TimeoutLength {
    pub const MIN_SECS: i64 = 60;
    pub const MAX_SECS: i64 = 28 * 24 * 3600;

    pub fn parse(seconds: i64) -> Result<Self> {
        if !(Self::MIN_SECS..=Self::MAX_SECS).contains(&seconds) {
            return Err(Error::new(
                ErrorCode::InvalidTimeout,
                "a timeout lasts 60 seconds to 28 days",
            ));
        }
        Ok(Self(Duration::seconds(seconds)))
    }
}

/// Sets (or ends, with `None`) the member's timeout.
async fn set(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group_id: Uuid,
    target: Uuid,
    until: Option<DateTime<Utc>>,
    reason: Option<&AuditReason>,
) -> Result<Member> {
    let group = lock_group(conn, group_id).await?;
    let actor = require_member(conn, &group, me).await?;
    let victim = standing(conn, &group, target)
        .await?
        .ok_or(Error::not_found("member"))?;
    authorize(&actor, Action::Timeout(victim))?;
    diesel::update(
        conversation_members::table
            .filter(conversation_members::conversation_id.eq(group.conversation_id))
            .filter(conversation_members::user_id.eq(target)),
    )
    .set(conversation_members::timed_out_until.eq(until))
    .execute(conn)
    .await?;
    let updated = member(conn, &group, target).await?;
    let entry = Logged {
        action: match until {
            Some(_) => AuditAction::MemberTimedOut,
            None => AuditAction::MemberTimeoutEnded,
        },
        actor: me,
        target: Some(target),
        details: serde_json::json!({ "until": until }),
        reason,
    };
    audit::record(conn, group.conversation_id, entry).await?;
    events::enqueue(conn, Payload::GroupMemberUpdated(updated.clone())).await?;
    Ok(updated)
}

pub async fn time_out(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    target: Uuid,
    length: TimeoutLength,
    reason: Option<&AuditReason>,
) -> Result<Member> {
    let until = crate::messages::now_micros() + length.0;
    set(conn, me, group, target, Some(until), reason).await
}

pub async fn end_timeout(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    target: Uuid,
    reason: Option<&AuditReason>,
) -> Result<Member> {
    set(conn, me, group, target, None, reason).await
}
