//! Membership of conversations, DMs and groups alike.

use crate::error::{Error, Result};
use crate::schema::{conversation_members, groups};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
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
        return Err(Error::not_found("conversation"));
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

/// The members of each of these conversations, in one query (none for none).
pub async fn members_of_conversations(
    conn: &mut AsyncPgConnection,
    conversations: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Uuid>>> {
    if conversations.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, Uuid)> = conversation_members::table
        .filter(conversation_members::conversation_id.eq_any(conversations))
        .select((
            conversation_members::conversation_id,
            conversation_members::user_id,
        ))
        .load(conn)
        .await?;
    Ok(grouped(rows))
}

/// The members of each of these groups (their conversations' members), in one
/// query (none for none).
pub async fn members_of_groups(
    conn: &mut AsyncPgConnection,
    groups: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Uuid>>> {
    if groups.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, Uuid)> = conversation_members::table
        .inner_join(
            groups::table.on(groups::conversation_id.eq(conversation_members::conversation_id)),
        )
        .filter(groups::id.eq_any(groups))
        .select((groups::id, conversation_members::user_id))
        .load(conn)
        .await?;
    Ok(grouped(rows))
}

/// `(key, value)` rows as key → values.
pub(super) fn grouped(rows: Vec<(Uuid, Uuid)>) -> HashMap<Uuid, Vec<Uuid>> {
    let mut map: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (key, value) in rows {
        map.entry(key).or_default().push(value);
    }
    map
}
