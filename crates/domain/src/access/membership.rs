//! Membership of conversations, DMs and groups alike.

use crate::error::{Error, Result};
use crate::schema::{conversation_members, groups};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// Fails with 404 unless `user` is a member: a conversation you are not in does
/// not exist, as far as you can tell.
pub async fn require_member(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    user: Uuid,
) -> Result<()> {
    let n: i64 = conversation_members::table
        .filter(conversation_members::conversation_id.eq(conversation))
        .filter(conversation_members::user_id.eq(user))
        .count()
        .get_result(conn)
        .await?;
    if n == 0 {
        return Err(Error::NotFound("conversation"));
    }
    Ok(())
}

pub async fn member_ids(conn: &mut AsyncPgConnection, conversation: Uuid) -> Result<Vec<Uuid>> {
    Ok(conversation_members::table
        .filter(conversation_members::conversation_id.eq(conversation))
        .select(conversation_members::user_id)
        .load(conn)
        .await?)
}

/// Every member of a group (its conversation's members).
pub async fn group_member_ids(conn: &mut AsyncPgConnection, group: Uuid) -> Result<Vec<Uuid>> {
    Ok(conversation_members::table
        .inner_join(
            groups::table.on(groups::conversation_id.eq(conversation_members::conversation_id)),
        )
        .filter(groups::id.eq(group))
        .select(conversation_members::user_id)
        .load(conn)
        .await?)
}
