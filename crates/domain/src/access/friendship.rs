//! Friendship, the condition of a DM.

use crate::error::Result;
use crate::schema::friendships;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use uuid::Uuid;

pub async fn are_friends(conn: &mut AsyncPgConnection, a: Uuid, b: Uuid) -> Result<bool> {
    let n: i64 = friendships::table
        .filter(friendships::user_id.eq(a))
        .filter(friendships::friend_id.eq(b))
        .count()
        .get_result(conn)
        .await?;
    Ok(n > 0)
}

/// Everyone each of these users is friends with, in one query (none for none).
pub async fn friends_of(
    conn: &mut AsyncPgConnection,
    users: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Uuid>>> {
    if users.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, Uuid)> = friendships::table
        .filter(friendships::user_id.eq_any(users))
        .select((friendships::user_id, friendships::friend_id))
        .load(conn)
        .await?;
    Ok(super::membership::grouped(rows))
}
