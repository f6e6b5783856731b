//! Membership: join, leave, kick, ban, unban and roles of members.

use super::announce::{announce, announce_moderation};
use super::info::GroupDetails;
use super::roles::role_of;
use super::row::GroupRow;
use super::standing::{lock_group, require_member, standing, standing_or_outsider};
use crate::access::permissions::{Action, authorize};
use crate::audit::AuditReason;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::Payload;
use crate::events::payloads::{BanChanged, LeaveReason, MemberLeft};
use crate::messages::SystemNote;
use crate::models::Member;
use crate::pagination::parse_limit;
use crate::schema::{conversation_members, group_bans, group_invites, group_roles, groups};
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MemberPage {
    pub items: Vec<Member>,
    /// Pass as `after` for the next page; null on the last page.
    pub next_after: Option<Uuid>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Ban {
    pub user: PublicUser,
    pub banned_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

fn banned() -> Error {
    Error::new(ErrorCode::Banned, "you are banned from this group")
}

async fn is_banned(conn: &mut AsyncPgConnection, group: Uuid, user: Uuid) -> Result<bool> {
    let n: i64 = group_bans::table
        .filter(group_bans::group_id.eq(group))
        .filter(group_bans::user_id.eq(user))
        .count()
        .get_result(conn)
        .await?;
    Ok(n > 0)
}

/// The members given, as the API shows them.
/// A member's row: user, role, joined, timed out until.
type MemberRow = (Uuid, Option<Uuid>, DateTime<Utc>, Option<DateTime<Utc>>);

async fn load_members(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    users: Option<&[Uuid]>,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<Member>> {
    let mut query = conversation_members::table
        .filter(conversation_members::conversation_id.eq(group.conversation_id))
        .select((
            conversation_members::user_id,
            conversation_members::role_id,
            conversation_members::joined_at,
            conversation_members::timed_out_until,
        ))
        .order(conversation_members::user_id)
        .limit(limit)
        .into_boxed();
    if let Some(users) = users {
        query = query.filter(conversation_members::user_id.eq_any(users.to_vec()));
    }
    if let Some(after) = after {
        query = query.filter(conversation_members::user_id.gt(after));
    }
    let rows: Vec<MemberRow> = query.load(conn).await?;
    let now = Utc::now();
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let profiles = user_repo::public_profiles(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(user_id, role_id, joined_at, timed_out_until)| {
            Some(Member {
                group_id: group.id,
                user: profiles.get(&user_id)?.clone(),
                role_id: role_id.or(group.default_role_id)?,
                owner: group.owner_id == user_id,
                joined_at,
                // A timeout that has ended is none (nothing clears the column).
                timed_out_until: timed_out_until.filter(|until| *until > now),
            })
        })
        .collect())
}

pub(super) async fn member(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    user: Uuid,
) -> Result<Member> {
    load_members(conn, group, Some(&[user]), None, 1)
        .await?
        .pop()
        .ok_or(Error::not_found("member"))
}

/// Adds `user` with the default role and tells everyone. Used by joining a
/// public group and by accepting an invitation.
pub(super) async fn add_member(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    user: Uuid,
    invited_by: Option<Uuid>,
) -> Result<()> {
    if is_banned(conn, group.id, user).await? {
        return Err(banned());
    }
    diesel::insert_into(conversation_members::table)
        .values((
            conversation_members::conversation_id.eq(group.conversation_id),
            conversation_members::user_id.eq(user),
            conversation_members::role_id.eq(group.default_role_id),
        ))
        .execute(conn)
        .await?;
    diesel::delete(
        group_invites::table
            .filter(group_invites::group_id.eq(group.id))
            .filter(group_invites::invitee_id.eq(user)),
    )
    .execute(conn)
    .await?;
    let joined = member(conn, group, user).await?;
    let note = SystemNote::MemberJoined {
        user_id: user,
        invited_by,
    };
    announce(conn, group, Payload::GroupMemberJoined(joined), note).await
}

/// Joins a public group (a private one is not found unless you are in it).
pub async fn join(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<GroupDetails> {
    let group = lock_group(conn, id).await?;
    if standing(conn, &group, me).await?.is_none() {
        if group.kind != "public" {
            return Err(Error::not_found("group"));
        }
        add_member(conn, &group, me, None).await?;
    }
    super::get(conn, me, id).await
}

/// Removes a member and tells everyone, the removed member included.
async fn remove(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    user: Uuid,
    event: Payload,
    note: SystemNote,
    reason: Option<&AuditReason>,
) -> Result<()> {
    diesel::delete(
        conversation_members::table
            .filter(conversation_members::conversation_id.eq(group.conversation_id))
            .filter(conversation_members::user_id.eq(user)),
    )
    .execute(conn)
    .await?;
    super::invites::drop_invites_by(conn, group, user).await?;
    crate::messages::forget_quotes_for(conn, group.conversation_id, user).await?;
    announce_moderation(conn, group, event, note, reason).await
}

pub async fn leave(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<()> {
    let group = lock_group(conn, id).await?;
    require_member(conn, &group, me).await?;
    if group.owner_id == me {
        return Err(Error::new(
            ErrorCode::OwnerCannotLeave,
            "transfer ownership or delete the group first",
        ));
    }
    let data = MemberLeft {
        group_id: id,
        user_id: me,
        reason: LeaveReason::Left,
        actor_id: None,
    };
    let note = SystemNote::MemberLeft { user_id: me };
    remove(conn, &group, me, Payload::GroupMemberLeft(data), note, None).await
}

/// For a deleted account: leaves every group. A group it owned passes to the
/// highest-ranked remaining member (the longest-standing among equals), or is
/// deleted when nobody else is in it.
pub async fn leave_all(conn: &mut AsyncPgConnection, me: Uuid) -> Result<()> {
    let mine: Vec<(Uuid, Uuid, Uuid)> = groups::table
        .inner_join(
            conversation_members::table
                .on(conversation_members::conversation_id.eq(groups::conversation_id)),
        )
        .filter(conversation_members::user_id.eq(me))
        .select((groups::id, groups::conversation_id, groups::owner_id))
        .load(conn)
        .await?;
    for (id, conversation, owner) in mine {
        if owner == me {
            let successor: Option<Uuid> = conversation_members::table
                .left_join(
                    group_roles::table
                        .on(group_roles::id.nullable().eq(conversation_members::role_id)),
                )
                .filter(conversation_members::conversation_id.eq(conversation))
                .filter(conversation_members::user_id.ne(me))
                .order((
                    group_roles::priority.desc().nulls_last(),
                    conversation_members::joined_at.asc(),
                ))
                .select(conversation_members::user_id)
                .first(conn)
                .await
                .optional()?;
            match successor {
                Some(next) => {
                    super::transfer_ownership(conn, me, id, next).await?;
                }
                None => {
                    super::delete(conn, me, id).await?;
                    continue;
                }
            }
        }
        leave(conn, me, id).await?;
    }
    Ok(())
}

pub async fn kick(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
    target: Uuid,
    reason: Option<&AuditReason>,
) -> Result<()> {
    let group = lock_group(conn, id).await?;
    let actor = require_member(conn, &group, me).await?;
    let victim = standing(conn, &group, target)
        .await?
        .ok_or(Error::not_found("member"))?;
    authorize(&actor, Action::Kick(victim))?;
    let data = MemberLeft {
        group_id: id,
        user_id: target,
        reason: LeaveReason::Kicked,
        actor_id: Some(me),
    };
    let note = SystemNote::MemberKicked {
        user_id: target,
        actor_id: me,
    };
    remove(
        conn,
        &group,
        target,
        Payload::GroupMemberLeft(data),
        note,
        reason,
    )
    .await
}

/// Bans a member (removing them) or anyone else (so they cannot join); their
/// pending invitation goes too. Banning a banned user changes nothing.
pub async fn ban(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
    target: Uuid,
    reason: Option<&AuditReason>,
) -> Result<()> {
    let group = lock_group(conn, id).await?;
    let actor = require_member(conn, &group, me).await?;
    user_repo::get(conn, target).await?;
    let victim = standing_or_outsider(conn, &group, target).await?;
    authorize(&actor, Action::Ban(victim))?;
    let inserted = diesel::insert_into(group_bans::table)
        .values((
            group_bans::group_id.eq(id),
            group_bans::user_id.eq(target),
            group_bans::banned_by.eq(me),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    if inserted == 0 {
        return Ok(());
    }
    diesel::delete(
        group_invites::table
            .filter(group_invites::group_id.eq(id))
            .filter(group_invites::invitee_id.eq(target)),
    )
    .execute(conn)
    .await?;
    let data = BanChanged {
        group_id: id,
        user_id: target,
        actor_id: me,
    };
    let note = SystemNote::MemberBanned {
        user_id: target,
        actor_id: me,
    };
    remove(
        conn,
        &group,
        target,
        Payload::GroupMemberBanned(data),
        note,
        reason,
    )
    .await
}

pub async fn unban(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
    target: Uuid,
    reason: Option<&AuditReason>,
) -> Result<()> {
    let group = lock_group(conn, id).await?;
    let actor = require_member(conn, &group, me).await?;
    authorize(&actor, Action::Unban)?;
    // Undoing a ban takes the standing to have made it: whoever banned, if
    // still a member, must be outranked (as a ban needs); their own bans and
    // those of members who left are anyone's with `ban_members`.
    let banned_by: Option<Uuid> = group_bans::table
        .filter(group_bans::group_id.eq(id))
        .filter(group_bans::user_id.eq(target))
        .select(group_bans::banned_by)
        .first::<Option<Uuid>>(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("ban"))?;
    if let Some(banner) = banned_by.filter(|b| *b != me)
        && let Some(banner) = standing(conn, &group, banner).await?
    {
        authorize(&actor, Action::Ban(banner))?;
    }
    let removed = diesel::delete(
        group_bans::table
            .filter(group_bans::group_id.eq(id))
            .filter(group_bans::user_id.eq(target)),
    )
    .execute(conn)
    .await?;
    if removed == 0 {
        return Err(Error::not_found("ban"));
    }
    let data = BanChanged {
        group_id: id,
        user_id: target,
        actor_id: me,
    };
    let note = SystemNote::MemberUnbanned {
        user_id: target,
        actor_id: me,
    };
    announce_moderation(
        conn,
        &group,
        Payload::GroupMemberUnbanned(data),
        note,
        reason,
    )
    .await
}

/// Gives a member a role; `None` takes their role away (back to the default).
pub async fn set_role(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
    target: Uuid,
    role: Option<Uuid>,
) -> Result<Member> {
    let group = lock_group(conn, id).await?;
    let actor = require_member(conn, &group, me).await?;
    let target_standing = standing(conn, &group, target)
        .await?
        .ok_or(Error::not_found("member"))?;
    let role_id = role
        .or(group.default_role_id)
        .ok_or_else(|| Error::internal("group without a default role"))?;
    let role = role_of(conn, &group, role_id).await?;
    authorize(
        &actor,
        Action::AssignRole {
            target: target_standing,
            role: role.priority,
        },
    )?;
    diesel::update(
        conversation_members::table
            .filter(conversation_members::conversation_id.eq(group.conversation_id))
            .filter(conversation_members::user_id.eq(target)),
    )
    .set(conversation_members::role_id.eq(role.id))
    .execute(conn)
    .await?;
    let updated = member(conn, &group, target).await?;
    let note = SystemNote::RoleAssigned {
        actor_id: me,
        user_id: target,
        role_id: role.id,
        name: role.name,
    };
    announce(
        conn,
        &group,
        Payload::GroupMemberUpdated(updated.clone()),
        note,
    )
    .await?;
    Ok(updated)
}

/// The members of a group you are in, by user id.
pub async fn members(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
    after: Option<Uuid>,
    limit: Option<i64>,
) -> Result<MemberPage> {
    let limit = parse_limit(limit)?;
    let group = super::row::row(conn, id).await?;
    require_member(conn, &group, me).await?;
    let mut items = load_members(conn, &group, None, after, limit + 1).await?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let next_after = if more {
        items.last().map(|m| m.user.id)
    } else {
        None
    };
    Ok(MemberPage { items, next_after })
}

/// The bans of a group, for those who may lift them.
pub async fn bans(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<Vec<Ban>> {
    let group = super::row::row(conn, id).await?;
    let actor = require_member(conn, &group, me).await?;
    authorize(&actor, Action::Unban)?;
    let rows: Vec<(Uuid, Option<Uuid>, DateTime<Utc>)> = group_bans::table
        .filter(group_bans::group_id.eq(id))
        .order(group_bans::created_at.desc())
        .select((
            group_bans::user_id,
            group_bans::banned_by,
            group_bans::created_at,
        ))
        .load(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let profiles = user_repo::public_profiles(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(user, banned_by, created_at)| {
            Some(Ban {
                user: profiles.get(&user)?.clone(),
                banned_by,
                created_at,
            })
        })
        .collect())
}
