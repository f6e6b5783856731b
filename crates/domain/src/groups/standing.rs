//! Loading where members stand: the inputs of the permission rules.

use super::permissions::{Permissions, Standing};
use super::row::GroupRow;
use crate::error::{Error, Result};
use crate::schema::{conversation_members, group_roles, groups};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use uuid::Uuid;

/// The standing of `user` in `group`, or `None` if they are not a member.
pub(super) async fn standing(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    user: Uuid,
) -> Result<Option<Standing>> {
    Ok(membership(conn, group, user).await?.map(|(_, s)| s))
}

/// A member's role and standing, in one query; `None` for a non-member.
pub(super) async fn membership(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    user: Uuid,
) -> Result<Option<(Uuid, Standing)>> {
    let row: Option<(Uuid, i32, Vec<String>)> = conversation_members::table
        .inner_join(group_roles::table)
        .filter(conversation_members::conversation_id.eq(group.conversation_id))
        .filter(conversation_members::user_id.eq(user))
        .select((
            group_roles::id,
            group_roles::priority,
            group_roles::permissions,
        ))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|(role_id, priority, permissions)| {
        let standing = Standing {
            owner: group.owner_id == user,
            priority,
            permissions: Permissions::from_stored(&permissions),
        };
        (role_id, standing)
    }))
}

/// The caller's standing; a group you are not in is "not found" to you.
pub(super) async fn require_member(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    user: Uuid,
) -> Result<Standing> {
    standing(conn, group, user)
        .await?
        .ok_or(Error::NotFound("group"))
}

/// A target's standing: members as they stand, anyone else as an outsider.
pub(super) async fn standing_or_outsider(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    user: Uuid,
) -> Result<Standing> {
    Ok(standing(conn, group, user)
        .await?
        .unwrap_or(Standing::OUTSIDER))
}

/// The standing of `user` in the group whose conversation this is; `None` when
/// the conversation is not a group or they are not in it.
pub async fn standing_in_conversation(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    user: Uuid,
) -> Result<Option<Standing>> {
    let standings = group_standings(conn, &[(conversation, user)]).await?;
    Ok(standings.get(&(conversation, user)).copied())
}

/// Standings for many (conversation, user) pairs in one query; pairs that are
/// not group memberships are absent. Message sending checks a batch with it.
pub async fn group_standings(
    conn: &mut AsyncPgConnection,
    pairs: &[(Uuid, Uuid)],
) -> Result<HashMap<(Uuid, Uuid), Standing>> {
    let (conversations, users): (Vec<Uuid>, Vec<Uuid>) = pairs.iter().copied().unzip();
    let rows: Vec<StandingRow> = diesel::sql_query(
        "SELECT m.conversation_id, m.user_id, g.owner_id = m.user_id AS owner, r.priority, r.permissions
           FROM unnest($1::uuid[], $2::uuid[]) AS p(conversation_id, user_id)
           JOIN conversation_members m USING (conversation_id, user_id)
           JOIN groups g ON g.conversation_id = m.conversation_id
           JOIN group_roles r ON r.id = m.role_id",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(conversations)
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(users)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let standing = Standing {
                owner: r.owner,
                priority: r.priority,
                permissions: Permissions::from_stored(&r.permissions),
            };
            ((r.conversation_id, r.user_id), standing)
        })
        .collect())
}

#[derive(QueryableByName)]
struct StandingRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    conversation_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    user_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    owner: bool,
    #[diesel(sql_type = diesel::sql_types::Int4)]
    priority: i32,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
    permissions: Vec<String>,
}

/// Locks the group row: group changes take turns, so each sees the last one's
/// result (a kick racing a role change, two transfers of ownership).
pub(super) async fn lock_group(conn: &mut AsyncPgConnection, id: Uuid) -> Result<GroupRow> {
    groups::table
        .find(id)
        .select(GroupRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::NotFound("group"))
}
