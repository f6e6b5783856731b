//! Friends: requests, friendships, blocks, and finding people by username.
//!
//! Every function here that changes state runs inside the caller's transaction
//! and writes the events the change causes.

mod search;

pub use search::{Relationship, SearchPage, SearchResult, search};

use crate::error::{Error, Result};
use crate::events::payloads::FriendRemoved;
use crate::events::{self, Event, EventType};
use crate::notifications::{self, Kind};
use crate::presence::{Presence, PresenceStore, Status};
use crate::schema::{blocks, friend_requests, friendships, users};
use crate::users::repo as user_repo;
use crate::users::{PublicUser, Username};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

/// Whom a request is for.
pub enum Target {
    Id(Uuid),
    Username(Username),
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FriendRequest {
    pub id: Uuid,
    pub from: PublicUser,
    pub to: PublicUser,
    /// `pending`, or `accepted` when sending it accepted the other side's request.
    pub status: &'static str,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Friend {
    pub user: PublicUser,
    pub since: DateTime<Utc>,
    /// Current presence (online / away / offline) and last seen.
    pub presence: Presence,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestLists {
    pub incoming: Vec<FriendRequest>,
    pub outgoing: Vec<FriendRequest>,
}

fn blocked() -> Error {
    Error::Forbidden {
        code: "blocked",
        message: "you cannot send a friend request to this user",
    }
}

async fn resolve(conn: &mut AsyncPgConnection, target: Target) -> Result<PublicUser> {
    match target {
        Target::Id(id) => user_repo::public_profile(conn, id).await,
        Target::Username(name) => user_repo::find_by_username(conn, &name)
            .await?
            .map(|u| PublicUser::from(&u))
            .ok_or(Error::NotFound("user")),
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

pub async fn are_friends(conn: &mut AsyncPgConnection, a: Uuid, b: Uuid) -> Result<bool> {
    let n: i64 = friendships::table
        .filter(friendships::user_id.eq(a))
        .filter(friendships::friend_id.eq(b))
        .count()
        .get_result(conn)
        .await?;
    Ok(n > 0)
}

/// Sends a request; if the other side already asked, accepts theirs instead.
pub async fn send_request(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    target: Target,
) -> Result<FriendRequest> {
    let to = resolve(conn, target).await?;
    if to.id == me {
        return Err(Error::invalid(
            "cannot_befriend_self",
            "you cannot send a friend request to yourself",
        ));
    }
    lock_pair(conn, me, to.id).await?;
    if is_blocked_either_way(conn, me, to.id).await? {
        return Err(blocked());
    }
    if are_friends(conn, me, to.id).await? {
        return Err(Error::Conflict {
            code: "already_friends",
            message: "you are already friends",
        });
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
        status: "pending",
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
        return Err(Error::Conflict {
            code: "request_exists",
            message: "you already sent this user a friend request",
        });
    }
    events::enqueue(
        conn,
        &Event::new(
            EventType::FriendRequestCreated,
            vec![me, request.to.id],
            &request,
        ),
    )
    .await?;
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
    .ok_or(Error::NotFound("friend request"))
}

async fn request_view(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    (from, to, created_at): (Uuid, Uuid, DateTime<Utc>),
    status: &'static str,
) -> Result<FriendRequest> {
    let profiles = user_repo::public_profiles(conn, &[from, to]).await?;
    let get = |u: Uuid| profiles.get(&u).cloned().ok_or(Error::NotFound("user"));
    Ok(FriendRequest {
        id,
        from: get(from)?,
        to: get(to)?,
        status,
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
        .ok_or(Error::NotFound("friend request"))?;
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
    events::enqueue(
        conn,
        &Event::new(EventType::FriendRequestAccepted, vec![from, to], &request),
    )
    .await?;
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
    settle(conn, id, row, EventType::FriendRequestDeclined, "declined").await
}

pub async fn cancel(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<()> {
    let row = pending(conn, id, me, false).await?;
    settle(
        conn,
        id,
        row,
        EventType::FriendRequestCancelled,
        "cancelled",
    )
    .await
}

/// Deletes a pending request and tells both sides how it ended.
async fn settle(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    row: (Uuid, Uuid, DateTime<Utc>),
    kind: EventType,
    status: &'static str,
) -> Result<()> {
    diesel::delete(friend_requests::table.find(id))
        .execute(conn)
        .await?;
    let request = request_view(conn, id, row, status).await?;
    events::enqueue(conn, &Event::new(kind, vec![row.0, row.1], &request)).await
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
            status: "pending",
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

/// Friends, by username, with their presence.
pub async fn list(
    conn: &mut AsyncPgConnection,
    presence: &PresenceStore,
    me: Uuid,
) -> Result<Vec<Friend>> {
    let rows: Vec<(crate::users::User, DateTime<Utc>)> = friendships::table
        .inner_join(users::table.on(users::id.eq(friendships::friend_id)))
        .filter(friendships::user_id.eq(me))
        .filter(users::deleted_at.is_null())
        .order(users::username.asc())
        .select((crate::users::User::as_select(), friendships::created_at))
        .load(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|(u, _)| u.id).collect();
    let statuses = presence.statuses(&ids).await?;
    Ok(rows
        .iter()
        .map(|(u, since)| Friend {
            user: PublicUser::from(u),
            since: *since,
            presence: Presence {
                user_id: u.id,
                status: statuses.get(&u.id).copied().unwrap_or(Status::Offline),
                last_seen_at: u.last_seen_at,
                // A snapshot, not an update: any live update supersedes it.
                version: 0,
            },
        })
        .collect())
}

/// Ends a friendship; returns whether there was one.
async fn end_friendship(conn: &mut AsyncPgConnection, me: Uuid, other: Uuid) -> Result<bool> {
    let removed = diesel::delete(
        friendships::table.filter(
            friendships::user_id
                .eq(me)
                .and(friendships::friend_id.eq(other))
                .or(friendships::user_id
                    .eq(other)
                    .and(friendships::friend_id.eq(me))),
        ),
    )
    .execute(conn)
    .await?;
    if removed > 0 {
        events::enqueue(
            conn,
            &Event::new(
                EventType::FriendRemoved,
                vec![me, other],
                FriendRemoved {
                    user_ids: [me, other],
                },
            ),
        )
        .await?;
    }
    Ok(removed > 0)
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

/// Cancels the pending requests of `me` (only those with `other`, if given),
/// each with its events to both sides.
async fn cancel_pending(conn: &mut AsyncPgConnection, me: Uuid, other: Option<Uuid>) -> Result<()> {
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
            EventType::FriendRequestCancelled,
            "cancelled",
        )
        .await?;
    }
    Ok(())
}

pub async fn unfriend(conn: &mut AsyncPgConnection, me: Uuid, other: Uuid) -> Result<()> {
    lock_pair(conn, me, other).await?;
    if end_friendship(conn, me, other).await? {
        Ok(())
    } else {
        Err(Error::NotFound("friend"))
    }
}

/// Blocks a user: ends any friendship and pending requests between the two.
/// Blocking twice is fine.
pub async fn block(conn: &mut AsyncPgConnection, me: Uuid, other: Uuid) -> Result<()> {
    if me == other {
        return Err(Error::invalid(
            "cannot_block_self",
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
