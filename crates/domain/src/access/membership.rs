//! Membership of conversations, DMs and groups alike.

use crate::error::{Error, Result};
use crate::schema::conversation_members;
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
