//! Blocks: a block ends the friendship and pending requests between two
//! people, and keeps them from reaching each other until it is lifted.

use super::friendship::end_friendship;
use super::lock_pair;
use super::requests::cancel_pending;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::schema::{blocks, users};
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

pub async fn is_blocked_either_way(conn: &mut AsyncPgConnection, a: Uuid, b: Uuid) -> Result<bool> {
    let n: i64 = blocks::table
        .filter(
            blocks::blocker_id
                .eq(a)
                .and(blocks::blocked_id.eq(b))
                .or(blocks::blocker_id.eq(b).and(blocks::blocked_id.eq(a))),
        )
        .count()
        .get_result(conn)
        .await?;
    Ok(n > 0)
}

/// Blocks a user: ends any friendship and pending requests between the two.
/// Blocking twice is fine.
pub async fn block(conn: &mut AsyncPgConnection, me: Uuid, other: Uuid) -> Result<()> {
    if me == other {
        return Err(Error::new(
            ErrorCode::CannotBlockSelf,
            "you cannot block yourself",
        ));
    }
    user_repo::public_profile(conn, other).await?;
    lock_pair(conn, me, other).await?;
    diesel::insert_into(blocks::table)
        .values((blocks::blocker_id.eq(me), blocks::blocked_id.eq(other)))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    end_friendship(conn, me, other).await?;
    cancel_pending(conn, me, Some(other)).await
}

pub async fn unblock(conn: &mut AsyncPgConnection, me: Uuid, other: Uuid) -> Result<()> {
    diesel::delete(
        blocks::table
            .filter(blocks::blocker_id.eq(me))
            .filter(blocks::blocked_id.eq(other)),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The users `me` has blocked.
pub async fn blocked_users(conn: &mut AsyncPgConnection, me: Uuid) -> Result<Vec<PublicUser>> {
    let rows: Vec<crate::users::User> = blocks::table
        .inner_join(users::table.on(users::id.eq(blocks::blocked_id)))
        .filter(blocks::blocker_id.eq(me))
        .order(users::username.asc())
        .select(crate::users::User::as_select())
        .load(conn)
        .await?;
    Ok(rows.iter().map(PublicUser::from).collect())
}
