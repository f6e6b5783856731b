//! Finding people by username prefix. Users who blocked each other never see
//! each other here.

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::pagination::{like_prefix, parse_limit};
use crate::schema::{blocks, friend_requests, friendships, users};
use crate::users::{PublicUser, User};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    None,
    Friend,
    /// They sent you a request.
    IncomingRequest,
    /// You sent them a request.
    OutgoingRequest,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserSearchResult {
    pub user: PublicUser,
    pub relationship: Relationship,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserSearchPage {
    pub items: Vec<UserSearchResult>,
    /// Pass as `after` for the next page; null on the last page.
    pub next_after: Option<String>,
}

/// Users whose name starts with `prefix`, alphabetically, after the `after` name.
/// The longest prefix searched for (the API document's `maxLength` of `q`).
pub const PREFIX_MAX: usize = 32;

pub async fn search(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    prefix: &str,
    after: Option<&str>,
    limit: Option<i64>,
) -> Result<UserSearchPage> {
    let limit = parse_limit(limit)?;
    let too_long = prefix.chars().count() > PREFIX_MAX;
    let prefix = prefix.trim().to_lowercase();
    if prefix.is_empty() || too_long {
        return Err(Error::new(
            ErrorCode::InvalidQuery,
            "q must be 1 to 32 characters",
        ));
    }
    let blocked_by_me = blocks::table
        .filter(blocks::blocker_id.eq(me))
        .select(blocks::blocked_id);
    let blocking_me = blocks::table
        .filter(blocks::blocked_id.eq(me))
        .select(blocks::blocker_id);
    let mut query = users::table
        .filter(users::username.like(like_prefix(&prefix)).escape('\\'))
        .filter(users::deleted_at.is_null())
        .filter(users::id.ne(me))
        .filter(users::id.ne_all(blocked_by_me))
        .filter(users::id.ne_all(blocking_me))
        .order(users::username.asc())
        .limit(limit + 1)
        .select(User::as_select())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(users::username.gt(after.to_lowercase()));
    }
    let mut found: Vec<User> = query.load(conn).await?;
    let more = found.len() as i64 > limit;
    found.truncate(limit as usize);

    // The relationship of each result, in two queries for the whole page.
    let ids: Vec<Uuid> = found.iter().map(|u| u.id).collect();
    let friends: Vec<Uuid> = friendships::table
        .filter(friendships::user_id.eq(me))
        .filter(friendships::friend_id.eq_any(&ids))
        .select(friendships::friend_id)
        .load(conn)
        .await?;
    let requests: Vec<(Uuid, Uuid)> = friend_requests::table
        .filter(
            friend_requests::from_user_id
                .eq(me)
                .and(friend_requests::to_user_id.eq_any(&ids))
                .or(friend_requests::to_user_id
                    .eq(me)
                    .and(friend_requests::from_user_id.eq_any(&ids))),
        )
        .select((friend_requests::from_user_id, friend_requests::to_user_id))
        .load(conn)
        .await?;
    let relationship = |id: Uuid| {
        if friends.contains(&id) {
            Relationship::Friend
        } else if requests.contains(&(id, me)) {
            Relationship::IncomingRequest
        } else if requests.contains(&(me, id)) {
            Relationship::OutgoingRequest
        } else {
            Relationship::None
        }
    };
    Ok(UserSearchPage {
        next_after: if more {
            found.last().map(|u| u.username.clone())
        } else {
            None
        },
        items: found
            .iter()
            .map(|u| UserSearchResult {
                user: PublicUser::from(u),
                relationship: relationship(u.id),
            })
            .collect(),
    })
}
