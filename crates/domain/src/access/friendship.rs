//! Friendship, the condition of a DM.

use crate::error::Result;
use crate::schema::friendships;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
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

/// Everyone `user` is friends with.
pub async fn friend_ids(conn: &mut AsyncPgConnection, user: Uuid) -> Result<Vec<Uuid>> {
    Ok(friendships::table
        .filter(friendships::user_id.eq(user))
        .select(friendships::friend_id)
        .load(conn)
        .await?)
}
