//! Friends: requests, friendships, blocks, and finding people by username.
//!
//! Every function here that changes state runs inside the caller's transaction
//! and writes the events the change causes.

mod blocking;
mod friendship;
mod requests;
mod search;

pub use crate::models::FriendRequest;
pub use blocking::{block, blocked_users, is_blocked_either_way, unblock};
pub use friendship::{Friend, list, unfriend};
pub use requests::{RequestLists, Target, accept, cancel, decline, requests, send_request};
pub use search::{PREFIX_MAX, Relationship, UserSearchPage, UserSearchResult, search};

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::schema::friendships;
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use friendship::end_friendship;
use requests::cancel_pending;
use uuid::Uuid;

fn blocked() -> Error {
    Error::new(
        ErrorCode::Blocked,
        "you cannot send a friend request to this user",
    )
}

async fn resolve(conn: &mut AsyncPgConnection, target: Target) -> Result<PublicUser> {
    match target {
        Target::Id(id) => user_repo::public_profile(conn, id).await,
        Target::Username(name) => user_repo::find_by_username(conn, &name)
            .await?
            .map(|u| PublicUser::from(&u))
            .ok_or(Error::not_found("user")),
    }
}

/// Serialises every change between two people (request, accept, unfriend,
/// block) for the rest of the caller's transaction, so that an accept and a
/// block racing each other cannot end in both a block and a friendship.
async fn lock_pair(conn: &mut AsyncPgConnection, a: Uuid, b: Uuid) -> Result<()> {
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind::<diesel::sql_types::Text, _>(format!("friends:{low}:{high}"))
        .execute(conn)
        .await?;
    Ok(())
}

/// For a deleted account: every friendship ends and every pending request is
/// cancelled, each with its events, so nobody keeps a deleted friend.
pub async fn forget(conn: &mut AsyncPgConnection, me: Uuid) -> Result<()> {
    let friends: Vec<Uuid> = friendships::table
        .filter(friendships::user_id.eq(me))
        .select(friendships::friend_id)
        .load(conn)
        .await?;
    for friend in friends {
        end_friendship(conn, me, friend).await?;
    }
    cancel_pending(conn, me, None).await
}
