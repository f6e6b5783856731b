//! Friend requests: send (or accept the other side's), accept, decline,
//! cancel, and the lists of pending ones.

use super::{blocked, is_blocked_either_way, lock_pair, resolve};
use crate::access::are_friends;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::{self, Payload};
use crate::models::FriendRequest;
use crate::notifications::{self, Kind};
use crate::schema::{friend_requests, friendships};
use crate::users::Username;
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

/// Whom a request is for.
pub enum Target {
    Id(Uuid),
    Username(Username),
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RequestLists {
    pub incoming: Vec<FriendRequest>,
    pub outgoing: Vec<FriendRequest>,
}

/// Sends a request; if the other side already asked, accepts theirs instead.
pub async fn send_request(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    target: Target,
) -> Result<FriendRequest> {
    let to = resolve(conn, target).await?;
    if to.id == me {
        return Err(Error::new(
            ErrorCode::CannotBefriendSelf,
            "you cannot send a friend request to yourself",
        ));
    }
    lock_pair(conn, me, to.id).await?;
    if is_blocked_either_way(conn, me, to.id).await? {
        return Err(blocked());
    }
    if are_friends(conn, me, to.id).await? {
        return Err(Error::new(
            ErrorCode::AlreadyFriends,
            "you are already friends",
        ));
    }
    let reverse: Option<Uuid> = friend_requests::table
        .filter(friend_requests::from_user_id.eq(to.id))
        .filter(friend_requests::to_user_id.eq(me))
        .select(friend_requests::id)
        .first(conn)
        .await
        .optional()?;
    if let Some(request_id) = reverse {
        return accept(conn, me, request_id).await;
    }
    let from = user_repo::public_profile(conn, me).await?;
    let request = FriendRequest {
        id: Uuid::now_v7(),
        from,
        to,
        status: "pending".to_owned(),
        created_at: Utc::now(),
    };
    let inserted = diesel::insert_into(friend_requests::table)
        .values((
            friend_requests::id.eq(request.id),
            friend_requests::from_user_id.eq(me),
            friend_requests::to_user_id.eq(request.to.id),
            friend_requests::created_at.eq(request.created_at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    if inserted == 0 {
        return Err(Error::new(
            ErrorCode::RequestExists,
            "you already sent this user a friend request",
        ));
    }
    events::enqueue(conn, Payload::FriendRequestCreated(request.clone())).await?;
    notifications::create(
        conn,
        request.to.id,
        Kind::FriendRequestReceived,
        &request.from,
        json!({ "request_id": request.id }),
    )
    .await?;
    Ok(request)
}

/// The pending request with this id, if `me` is on the given side of it.
async fn pending(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    me: Uuid,
    me_is_recipient: bool,
) -> Result<(Uuid, Uuid, DateTime<Utc>)> {
    let row: Option<(Uuid, Uuid, DateTime<Utc>)> = friend_requests::table
        .filter(friend_requests::id.eq(id))
        .select((
            friend_requests::from_user_id,
            friend_requests::to_user_id,
            friend_requests::created_at,
        ))
        .for_update()
        .first(conn)
        .await
        .optional()?;
    row.filter(|(from, to, _)| {
        if me_is_recipient {
            *to == me
        } else {
            *from == me
        }
    })
    .ok_or(Error::not_found("friend request"))
}

async fn request_view(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    (from, to, created_at): (Uuid, Uuid, DateTime<Utc>),
    status: &'static str,
) -> Result<FriendRequest> {
    let profiles = user_repo::public_profiles(conn, &[from, to]).await?;
    let get = |u: Uuid| profiles.get(&u).cloned().ok_or(Error::not_found("user"));
    Ok(FriendRequest {
        id,
        from: get(from)?,
        to: get(to)?,
        status: status.to_owned(),
        created_at,
    })
}

pub async fn accept(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<FriendRequest> {
    // The pair's lock first, then the request's row (as a block takes them):
    // the other order could deadlock with a block.
    let (from, to): (Uuid, Uuid) = friend_requests::table
        .filter(friend_requests::id.eq(id))
        .select((friend_requests::from_user_id, friend_requests::to_user_id))
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("friend request"))?;
    lock_pair(conn, from, to).await?;
    // Read under the lock: a block that won the race took the request.
    let row = pending(conn, id, me, true).await?;
    if is_blocked_either_way(conn, from, to).await? {
        return Err(blocked());
    }
    diesel::delete(friend_requests::table.find(id))
        .execute(conn)
        .await?;
    // Any request in the other direction is settled too.
    diesel::delete(
        friend_requests::table
            .filter(friend_requests::from_user_id.eq(to))
            .filter(friend_requests::to_user_id.eq(from)),
    )
    .execute(conn)
    .await?;
    diesel::insert_into(friendships::table)
        .values(&vec![
            (friendships::user_id.eq(from), friendships::friend_id.eq(to)),
            (friendships::user_id.eq(to), friendships::friend_id.eq(from)),
        ])
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    let request = request_view(conn, id, row, "accepted").await?;
    events::enqueue(conn, Payload::FriendRequestAccepted(request.clone())).await?;
    notifications::create(
        conn,
        from,
        Kind::FriendRequestAccepted,
        &request.to,
        json!({ "request_id": id }),
    )
    .await?;
    Ok(request)
}

pub async fn decline(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<()> {
    let row = pending(conn, id, me, true).await?;
    settle(conn, id, row, Payload::FriendRequestDeclined, "declined").await
}

pub async fn cancel(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<()> {
    let row = pending(conn, id, me, false).await?;
    settle(conn, id, row, Payload::FriendRequestCancelled, "cancelled").await
}

/// Deletes a pending request and tells both sides how it ended.
async fn settle(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    row: (Uuid, Uuid, DateTime<Utc>),
    kind: fn(FriendRequest) -> Payload,
    status: &'static str,
) -> Result<()> {
    diesel::delete(friend_requests::table.find(id))
        .execute(conn)
        .await?;
    let request = request_view(conn, id, row, status).await?;
    events::enqueue(conn, kind(request)).await
}

pub async fn requests(conn: &mut AsyncPgConnection, me: Uuid) -> Result<RequestLists> {
    let rows: Vec<(Uuid, Uuid, Uuid, DateTime<Utc>)> = friend_requests::table
        .filter(
            friend_requests::from_user_id
                .eq(me)
                .or(friend_requests::to_user_id.eq(me)),
        )
        .order(friend_requests::id.desc())
        .select((
            friend_requests::id,
            friend_requests::from_user_id,
            friend_requests::to_user_id,
            friend_requests::created_at,
        ))
        .load(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().flat_map(|r| [r.1, r.2]).collect();
    let profiles = user_repo::public_profiles(conn, &ids).await?;
    let mut lists = RequestLists {
        incoming: Vec::new(),
        outgoing: Vec::new(),
    };
    for (id, from, to, created_at) in rows {
        let (Some(from_user), Some(to_user)) = (profiles.get(&from), profiles.get(&to)) else {
            continue;
        };
        let request = FriendRequest {
            id,
            from: from_user.clone(),
            to: to_user.clone(),
            status: "pending".to_owned(),
            created_at,
        };
        if to == me {
            lists.incoming.push(request);
        } else {
            lists.outgoing.push(request);
        }
    }
    Ok(lists)
}

/// Cancels the pending requests of `me` (only those with `other`, if given),
/// each with its events to both sides.
pub(super) async fn cancel_pending(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    other: Option<Uuid>,
) -> Result<()> {
    let involves = |user: Uuid| {
        friend_requests::from_user_id
            .eq(user)
            .or(friend_requests::to_user_id.eq(user))
    };
    let mut query = friend_requests::table.filter(involves(me)).into_boxed();
    if let Some(other) = other {
        query = query.filter(involves(other));
    }
    let pending: Vec<(Uuid, Uuid, Uuid, DateTime<Utc>)> = query
        .select((
            friend_requests::id,
            friend_requests::from_user_id,
            friend_requests::to_user_id,
            friend_requests::created_at,
        ))
        .load(conn)
        .await?;
    for (id, from, to, created_at) in pending {
        settle(
            conn,
            id,
            (from, to, created_at),
            Payload::FriendRequestCancelled,
            "cancelled",
        )
        .await?;
    }
    Ok(())
}
