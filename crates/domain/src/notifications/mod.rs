//! Notifications: a persisted list per user, with read state; each new one is
//! also a `notification.created` event to its user.

use crate::error::{Error, Result};
use crate::events::payloads::NotificationsRead;
use crate::events::{self, Payload};
pub use crate::models::{Notification, NotificationKind as Kind};
use crate::pagination::Page;
use crate::schema::notifications;
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Queryable, Selectable)]
#[diesel(table_name = notifications)]
struct Row {
    id: Uuid,
    kind: String,
    actor_id: Option<Uuid>,
    data: serde_json::Value,
    created_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
}

/// Records a notification for `user` and its event. Call inside the transaction of
/// the change that caused it.
pub async fn create(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    kind: Kind,
    actor: &PublicUser,
    data: serde_json::Value,
) -> Result<()> {
    create_for_all(conn, &[user], kind, actor, data).await
}

/// A notification about the user's own account, caused by no other person.
pub async fn create_about_account(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    kind: Kind,
    data: serde_json::Value,
) -> Result<()> {
    insert(conn, &[user], kind, None, data).await
}

/// The same notification for each of `users`, naming nobody as its cause: a
/// report's handlers are not told who reported through it, nor its reporter
/// who handled it.
pub async fn create_unnamed(
    conn: &mut AsyncPgConnection,
    users: &[Uuid],
    kind: Kind,
    data: serde_json::Value,
) -> Result<()> {
    insert(conn, users, kind, None, data).await
}

/// The same notification for each of `users` (a mention of everyone), with one
/// insert for the rows and one for their events.
pub async fn create_for_all(
    conn: &mut AsyncPgConnection,
    users: &[Uuid],
    kind: Kind,
    actor: &PublicUser,
    data: serde_json::Value,
) -> Result<()> {
    insert(conn, users, kind, Some(actor), data).await
}

async fn insert(
    conn: &mut AsyncPgConnection,
    users: &[Uuid],
    kind: Kind,
    actor: Option<&PublicUser>,
    data: serde_json::Value,
) -> Result<()> {
    let created_at = Utc::now();
    let notifications: Vec<(Uuid, Notification)> = users
        .iter()
        .map(|&user| {
            let notification = Notification {
                id: Uuid::now_v7(),
                user_id: user,
                kind: kind.as_str().to_owned(),
                actor: actor.cloned(),
                data: data.clone(),
                created_at,
                read_at: None,
            };
            (user, notification)
        })
        .collect();
    let rows: Vec<_> = notifications
        .iter()
        .map(|(user, n)| {
            (
                notifications::id.eq(n.id),
                notifications::user_id.eq(*user),
                notifications::kind.eq(&n.kind),
                notifications::actor_id.eq(actor.map(|a| a.id)),
                notifications::data.eq(&n.data),
                notifications::created_at.eq(n.created_at),
            )
        })
        .collect();
    // Postgres takes at most 65,535 parameters a statement: 6 per row.
    for chunk in rows.chunks(10_000) {
        diesel::insert_into(notifications::table)
            .values(chunk)
            .execute(conn)
            .await?;
    }
    let events = notifications
        .into_iter()
        .map(|(_, n)| Payload::NotificationCreated(n))
        .collect();
    events::enqueue_all(conn, events).await
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    /// Pass as `before` for the next (older) page; null on the last page.
    pub next_before: Option<Uuid>,
    pub unread_count: i64,
}

/// Newest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    page: Page,
) -> Result<NotificationPage> {
    let mut query = notifications::table
        .filter(notifications::user_id.eq(user))
        .order(notifications::id.desc())
        .limit(page.limit + 1)
        .select(Row::as_select())
        .into_boxed();
    if let Some(before) = page.before {
        query = query.filter(notifications::id.lt(before));
    }
    let mut rows: Vec<Row> = query.load(conn).await?;
    let more = rows.len() as i64 > page.limit;
    rows.truncate(page.limit as usize);
    let actors: Vec<Uuid> = rows.iter().filter_map(|r| r.actor_id).collect();
    let profiles = user_repo::public_profiles(conn, &actors).await?;
    let unread_count = notifications::table
        .filter(notifications::user_id.eq(user))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
        .await?;
    Ok(NotificationPage {
        next_before: if more {
            rows.last().map(|r| r.id)
        } else {
            None
        },
        items: rows
            .into_iter()
            .map(|r| Notification {
                id: r.id,
                user_id: user,
                kind: r.kind,
                actor: r.actor_id.and_then(|a| profiles.get(&a).cloned()),
                data: r.data,
                created_at: r.created_at,
                read_at: r.read_at,
            })
            .collect(),
        unread_count,
    })
}

/// Marks one notification read; the user's other tabs hear of it.
pub async fn mark_read(conn: &mut AsyncPgConnection, user: Uuid, id: Uuid) -> Result<()> {
    let marked: Vec<Uuid> = diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(Utc::now())))
    .returning(notifications::id)
    .get_results(conn)
    .await?;
    if marked.is_empty() {
        let exists: i64 = notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(user))
            .count()
            .get_result(conn)
            .await?;
        return if exists == 0 {
            Err(Error::not_found("notification"))
        } else {
            Ok(()) // read already
        };
    }
    announce_read(conn, user, marked).await
}

/// Marks every notification read.
pub async fn mark_all_read(conn: &mut AsyncPgConnection, user: Uuid) -> Result<()> {
    let marked: Vec<Uuid> = diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(Utc::now())))
    .returning(notifications::id)
    .get_results(conn)
    .await?;
    if marked.is_empty() {
        return Ok(());
    }
    announce_read(conn, user, marked).await
}

/// `notification.read` to the user: which ones, and how many stay unread.
async fn announce_read(conn: &mut AsyncPgConnection, user: Uuid, ids: Vec<Uuid>) -> Result<()> {
    let unread_count: i64 = notifications::table
        .filter(notifications::user_id.eq(user))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
        .await?;
    let data = NotificationsRead {
        user_id: user,
        ids,
        unread_count,
    };
    events::enqueue(conn, Payload::NotificationRead(data)).await
}
