//! Invitations: a member with `invite_members` invites a friend; the friend
//! accepts (joining with the default role) or declines. An invitation lives
//! only as long as its inviter's standing: it is revoked (by the inviter, or a
//! member who may invite), dropped when the inviter leaves, is kicked or
//! banned, and refused at accept if the inviter may no longer invite.

use super::info::{GroupDetails, with_counts};
use super::members::add_member;
use super::row::{GroupRow, row as group_row};
use super::standing::{lock_group, require_member, standing};
use crate::access::are_friends;
use crate::access::permissions::{Action, authorize};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::payloads::InviteGone;
use crate::events::{self, Payload};
use crate::models::{Group, Invite};
use crate::notifications::{self, Kind};
use crate::schema::{group_bans, group_invites, groups};
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Queryable, Selectable)]
#[diesel(table_name = group_invites)]
struct InviteRow {
    id: Uuid,
    group_id: Uuid,
    inviter_id: Uuid,
    invitee_id: Uuid,
    created_at: DateTime<Utc>,
}

impl InviteRow {
    /// The data of its `group_invite.declined` / `group_invite.revoked`.
    fn gone(&self) -> InviteGone {
        InviteGone {
            id: self.id,
            group_id: self.group_id,
            inviter_id: self.inviter_id,
            invitee_id: self.invitee_id,
        }
    }
}

async fn to_invites(conn: &mut AsyncPgConnection, rows: Vec<InviteRow>) -> Result<Vec<Invite>> {
    let users: Vec<Uuid> = rows
        .iter()
        .flat_map(|r| [r.inviter_id, r.invitee_id])
        .collect();
    let profiles = user_repo::public_profiles(conn, &users).await?;
    // Every group of the list, with its member count, in two queries.
    let group_rows: Vec<GroupRow> = groups::table
        .filter(groups::id.eq_any(rows.iter().map(|r| r.group_id)))
        .select(GroupRow::as_select())
        .load(conn)
        .await?;
    let groups: HashMap<Uuid, Group> = with_counts(conn, group_rows)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut invites = Vec::with_capacity(rows.len());
    for r in rows {
        let (Some(group), Some(inviter), Some(invitee)) = (
            groups.get(&r.group_id).cloned(),
            profiles.get(&r.inviter_id),
            profiles.get(&r.invitee_id),
        ) else {
            continue;
        };
        invites.push(Invite {
            id: r.id,
            group,
            inviter: inviter.clone(),
            invitee: invitee.clone(),
            created_at: r.created_at,
        });
    }
    Ok(invites)
}

/// Invites a friend to the group; they get a notification and an event.
pub async fn invite(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
    invitee: Uuid,
) -> Result<Invite> {
    let group = lock_group(conn, id).await?;
    let actor = require_member(conn, &group, me).await?;
    authorize(&actor, Action::InviteMembers)?;
    if invitee == me || !are_friends(conn, me, invitee).await? {
        return Err(Error::new(
            ErrorCode::NotFriends,
            "you can only invite your friends",
        ));
    }
    let banned: i64 = group_bans::table
        .filter(group_bans::group_id.eq(id))
        .filter(group_bans::user_id.eq(invitee))
        .count()
        .get_result(conn)
        .await?;
    if banned > 0 {
        return Err(Error::new(
            ErrorCode::Banned,
            "that user is banned from this group",
        ));
    }
    if standing(conn, &group, invitee).await?.is_some() {
        return Err(Error::new(
            ErrorCode::AlreadyMember,
            "they are in the group already",
        ));
    }
    let inserted: Option<InviteRow> = diesel::insert_into(group_invites::table)
        .values((
            group_invites::id.eq(Uuid::now_v7()),
            group_invites::group_id.eq(id),
            group_invites::inviter_id.eq(me),
            group_invites::invitee_id.eq(invitee),
        ))
        .on_conflict_do_nothing()
        .returning(InviteRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    let row = inserted.ok_or(Error::new(
        ErrorCode::InviteExists,
        "they have a pending invitation to this group",
    ))?;
    let invite = to_invites(conn, vec![row])
        .await?
        .pop()
        .ok_or(Error::not_found("user"))?;
    let data = json!({ "invite_id": invite.id, "group_id": id, "group_name": invite.group.name });
    notifications::create(
        conn,
        invitee,
        Kind::GroupInviteReceived,
        &invite.inviter,
        data,
    )
    .await?;
    events::enqueue(conn, Payload::GroupInviteCreated(invite.clone())).await?;
    Ok(invite)
}

/// Invitations waiting for you, newest first.
pub async fn my_invites(conn: &mut AsyncPgConnection, me: Uuid) -> Result<Vec<Invite>> {
    let rows = group_invites::table
        .filter(group_invites::invitee_id.eq(me))
        .order(group_invites::id.desc())
        .select(InviteRow::as_select())
        .load(conn)
        .await?;
    to_invites(conn, rows).await
}

/// A group's pending invitations, for those who may invite.
pub async fn pending_invites(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
) -> Result<Vec<Invite>> {
    let group = group_row(conn, id).await?;
    let actor = require_member(conn, &group, me).await?;
    authorize(&actor, Action::InviteMembers)?;
    let rows = group_invites::table
        .filter(group_invites::group_id.eq(id))
        .order(group_invites::id.desc())
        .select(InviteRow::as_select())
        .load(conn)
        .await?;
    to_invites(conn, rows).await
}

/// Takes your pending invitation out of the table, with its group locked.
async fn take_invite(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
) -> Result<(InviteRow, GroupRow)> {
    let group_id: Uuid = group_invites::table
        .filter(group_invites::id.eq(id))
        .filter(group_invites::invitee_id.eq(me))
        .select(group_invites::group_id)
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("invite"))?;
    let group = lock_group(conn, group_id).await?;
    let row: InviteRow = diesel::delete(group_invites::table.find(id))
        .returning(InviteRow::as_returning())
        .get_result(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("invite"))?;
    Ok((row, group))
}

/// What accepting an invitation came to.
pub enum Accepted {
    Joined(Box<GroupDetails>),
    /// The inviter may no longer invite: the invitation is gone (committed),
    /// and the caller answers `invite_revoked`.
    InviterLostStanding,
}

pub async fn accept_invite(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<Accepted> {
    let (invite, group) = take_invite(conn, me, id).await?;
    let inviter_may_invite = standing(conn, &group, invite.inviter_id)
        .await?
        .is_some_and(|s| authorize(&s, Action::InviteMembers).is_ok());
    if !inviter_may_invite {
        announce_revoked(conn, &invite).await?;
        return Ok(Accepted::InviterLostStanding);
    }
    if standing(conn, &group, me).await?.is_none() {
        add_member(conn, &group, me, Some(invite.inviter_id)).await?;
    }
    Ok(Accepted::Joined(Box::new(
        super::get(conn, me, group.id).await?,
    )))
}

pub fn invite_revoked() -> Error {
    Error::new(
        ErrorCode::InviteRevoked,
        "whoever invited you can no longer invite to this group",
    )
}

/// Revokes a pending invitation: its inviter, or a member who may invite.
pub async fn revoke_invite(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group_id: Uuid,
    id: Uuid,
) -> Result<()> {
    let group = lock_group(conn, group_id).await?;
    let actor = require_member(conn, &group, me).await?;
    let row: InviteRow = group_invites::table
        .filter(group_invites::id.eq(id))
        .filter(group_invites::group_id.eq(group_id))
        .select(InviteRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("invite"))?;
    if row.inviter_id != me {
        authorize(&actor, Action::InviteMembers)?;
    }
    diesel::delete(group_invites::table.find(id))
        .execute(conn)
        .await?;
    announce_revoked(conn, &row).await
}

/// Drops every pending invitation `inviter` made to the group (they left, were
/// kicked or banned): what they can no longer vouch for.
pub(super) async fn drop_invites_by(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    inviter: Uuid,
) -> Result<()> {
    let dropped: Vec<InviteRow> = diesel::delete(
        group_invites::table
            .filter(group_invites::group_id.eq(group.id))
            .filter(group_invites::inviter_id.eq(inviter)),
    )
    .returning(InviteRow::as_returning())
    .get_results(conn)
    .await?;
    for row in &dropped {
        announce_revoked(conn, row).await?;
    }
    Ok(())
}

async fn announce_revoked(conn: &mut AsyncPgConnection, row: &InviteRow) -> Result<()> {
    events::enqueue(conn, Payload::GroupInviteRevoked(row.gone())).await
}

pub async fn decline_invite(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<()> {
    let (invite, _) = take_invite(conn, me, id).await?;
    events::enqueue(conn, Payload::GroupInviteDeclined(invite.gone())).await
}
