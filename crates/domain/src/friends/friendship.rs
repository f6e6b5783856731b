//! Friendships: who your friends are, with their presence, and ending one.

use super::lock_pair;
use crate::error::{Error, Result};
use crate::events::payloads::FriendRemoved;
use crate::events::{self, Payload};
use crate::presence::{Presence, PresenceStore, Status};
use crate::schema::{friendships, users};
use crate::users::PublicUser;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Friend {
    pub user: PublicUser,
    pub since: DateTime<Utc>,
    /// Current presence (online / away / offline) and last seen.
    pub presence: Presence,
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
pub(super) async fn end_friendship(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    other: Uuid,
) -> Result<bool> {
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
            Payload::FriendRemoved(FriendRemoved {
                user_ids: [me, other],
            }),
        )
        .await?;
    }
    Ok(removed > 0)
}

pub async fn unfriend(conn: &mut AsyncPgConnection, me: Uuid, other: Uuid) -> Result<()> {
    lock_pair(conn, me, other).await?;
    if end_friendship(conn, me, other).await? {
        Ok(())
    } else {
        Err(Error::not_found("friend"))
    }
}
