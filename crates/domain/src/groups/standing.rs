//! Loading where members stand: the inputs of the permission rules.

use super::row::GroupRow;
use crate::access::permissions::{Permissions, Standing};
use crate::error::{Error, Result};
use crate::schema::{conversation_members, group_roles, groups};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
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
        .ok_or(Error::not_found("group"))
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
        .ok_or(Error::not_found("group"))
}
