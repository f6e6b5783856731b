//! Threads: replies to a message of the main timeline, kept apart from it. A
//! reply is a message whose `thread_id` names its root. The send's SQL
//! function writes it (and refuses a root that is not a live, non-system
//! message of the main timeline: code 6); the send's transaction then calls
//! [`after_reply`], which keeps the root's summary (`threads`: the upsert
//! locks the row, so replies to one thread take turns), who takes part
//! (`thread_members`: the root's author, repliers, the mentioned, followers),
//! the followers' notifications, and the `thread.updated` and
//! `thread.member_updated` events.
//!
//! Unread state is per follower: replies by others after their read marker.
//! Someone who does not follow a thread sees its replies but no unread count.

use super::{Message, MessageRecord, for_reader};
use crate::access::require_member;
use crate::error::{Error, Result};
use crate::events::{self, Payload};
use crate::models::{ThreadMembership, ThreadSummary};
use crate::notifications::{self, Kind};
use crate::pagination::parse_limit;
use crate::schema::{messages, threads};
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

type SqlUuid = diesel::sql_types::Uuid;

/// A thread as its reader sees it: the root (with its summary in
/// `root.thread`, absent while it has no replies) and the reader's part in it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Thread {
    pub root: Message,
    /// Whether the reader follows it: followers get unread state and
    /// notifications for its replies.
    pub following: bool,
    /// The newest reply the reader has read; null if none yet.
    pub last_read_id: Option<Uuid>,
    /// Replies by others after `last_read_id` (at most 1000); 0 when not
    /// following.
    pub unread_count: i64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ThreadPage {
    /// Most recently active first.
    pub items: Vec<Thread>,
    /// Pass as `before` for less active threads.
    pub next_before: Option<Uuid>,
}

#[derive(QueryableByName)]
struct SummaryRow {
    #[diesel(sql_type = SqlUuid)]
    conversation_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    root_id: Uuid,
    #[diesel(sql_type = Integer)]
    reply_count: i32,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    last_reply_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_reply_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Array<SqlUuid>)]
    last_repliers: Vec<Uuid>,
}

impl From<SummaryRow> for ThreadSummary {
    fn from(r: SummaryRow) -> Self {
        Self {
            conversation_id: r.conversation_id,
            root_id: r.root_id,
            reply_count: r.reply_count,
            last_reply_id: r.last_reply_id,
            last_reply_at: r.last_reply_at,
            last_repliers: r.last_repliers,
        }
    }
}

#[derive(QueryableByName)]
struct MemberRow {
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Bool)]
    following: bool,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    last_read_id: Option<Uuid>,
}

const SUMMARY: &str =
    "conversation_id, root_id, reply_count, last_reply_id, last_reply_at, last_repliers";

/// The root of a thread in this conversation: a message of its main timeline.
/// (A deleted root keeps its thread readable; replying needs a live one,
/// which the send function checks.)
pub(super) async fn root(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    root: Uuid,
) -> Result<MessageRecord> {
    messages::table
        .filter(messages::id.eq(root))
        .filter(messages::conversation_id.eq(conversation))
        .filter(messages::thread_id.is_null())
        .filter(messages::system.is_null())
        .select(MessageRecord::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("thread"))
}

fn membership(conversation: Uuid, root: Uuid, row: MemberRow) -> ThreadMembership {
    ThreadMembership {
        conversation_id: conversation,
        root_id: root,
        user_id: row.user_id,
        following: row.following,
        last_read_id: row.last_read_id,
    }
}

/// After a reply is written (in its transaction): the root's summary, the
/// author (following, read up to their reply), the mentioned and the root's
/// author (following), the followers' notifications, and the events.
/// `mentioned` are the members the reply mentions (they get a mention, not
/// a thread notification).
pub(super) async fn after_reply(
    conn: &mut AsyncPgConnection,
    reply: &Message,
    root: Uuid,
    mentioned: &[Uuid],
) -> Result<()> {
    let Some(author) = reply.author_id else {
        return Err(Error::internal("a thread reply without an author"));
    };
    let conversation = reply.conversation_id;
    let summary: ThreadSummary = diesel::sql_query(format!(
        "INSERT INTO threads (root_id, conversation_id, reply_count, last_reply_id, last_reply_at, last_repliers)
         VALUES ($1, $2, 1, $3, $4, ARRAY[$5::uuid])
         ON CONFLICT (root_id) DO UPDATE SET
             reply_count = threads.reply_count + 1,
             last_reply_id = GREATEST(threads.last_reply_id, EXCLUDED.last_reply_id),
             last_reply_at = GREATEST(threads.last_reply_at, EXCLUDED.last_reply_at),
             last_repliers = (array_prepend($5::uuid, array_remove(threads.last_repliers, $5::uuid)))[1:3]
         RETURNING {SUMMARY}"
    ))
    .bind::<SqlUuid, _>(root)
    .bind::<SqlUuid, _>(conversation)
    .bind::<SqlUuid, _>(reply.id)
    .bind::<Timestamptz, _>(reply.created_at)
    .bind::<SqlUuid, _>(author)
    .get_result::<SummaryRow>(conn)
    .await?
    .into();

    // Whose part changed: the author always (their marker moves to their own
    // reply); the mentioned and the root's author when they start following.
    let mut changed: Vec<MemberRow> = diesel::sql_query(
        "INSERT INTO thread_members (root_id, user_id, following, last_read_id, conversation_id)
         VALUES ($1, $2, true, $3, $4)
         ON CONFLICT (root_id, user_id) DO UPDATE SET following = true,
             last_read_id = GREATEST(thread_members.last_read_id, EXCLUDED.last_read_id)
         RETURNING user_id, following, last_read_id",
    )
    .bind::<SqlUuid, _>(root)
    .bind::<SqlUuid, _>(author)
    .bind::<SqlUuid, _>(reply.id)
    .bind::<SqlUuid, _>(conversation)
    .load(conn)
    .await?;
    changed.extend(
        diesel::sql_query(
            "INSERT INTO thread_members (root_id, user_id, following, conversation_id)
             SELECT $1, u, true, $3 FROM unnest($2::uuid[]) AS u
             ON CONFLICT (root_id, user_id) DO UPDATE SET following = true
                 WHERE NOT thread_members.following
             RETURNING user_id, following, last_read_id",
        )
        .bind::<SqlUuid, _>(root)
        .bind::<Array<SqlUuid>, _>(mentioned)
        .bind::<SqlUuid, _>(conversation)
        .load::<MemberRow>(conn)
        .await?,
    );
    // The root's author follows from the first reply, unless they are gone or
    // already chose (an unfollow stays).
    changed.extend(
        diesel::sql_query(
            "INSERT INTO thread_members (root_id, user_id, following, conversation_id)
             SELECT $1, r.author_id, true, r.conversation_id
               FROM messages r
               JOIN conversation_members m ON m.conversation_id = r.conversation_id AND m.user_id = r.author_id
              WHERE r.id = $1
             ON CONFLICT (root_id, user_id) DO NOTHING
             RETURNING user_id, following, last_read_id",
        )
        .bind::<SqlUuid, _>(root)
        .load::<MemberRow>(conn)
        .await?,
    );

    notify_followers(conn, reply, root, author, mentioned).await?;
    events::enqueue(conn, Payload::ThreadUpdated(summary)).await?;
    for row in changed {
        let member = membership(conversation, root, row);
        events::enqueue(conn, Payload::ThreadMemberUpdated(member)).await?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct UserRow {
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
}

/// A `thread.reply` notification to each follower still in the conversation,
/// other than the author and the mentioned, whose level for the conversation
/// is not `nothing` and who has not blocked the author.
async fn notify_followers(
    conn: &mut AsyncPgConnection,
    reply: &Message,
    root: Uuid,
    author: Uuid,
    mentioned: &[Uuid],
) -> Result<()> {
    let followers: Vec<Uuid> = diesel::sql_query(
        "SELECT tm.user_id FROM thread_members tm
           JOIN conversation_members cm ON cm.conversation_id = $2 AND cm.user_id = tm.user_id
          WHERE tm.root_id = $1 AND tm.following AND tm.user_id <> $3
            AND tm.user_id <> ALL ($4) AND cm.notify_level <> 'nothing'
            AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = tm.user_id AND b.blocked_id = $3)",
    )
    .bind::<SqlUuid, _>(root)
    .bind::<SqlUuid, _>(reply.conversation_id)
    .bind::<SqlUuid, _>(author)
    .bind::<Array<SqlUuid>, _>(mentioned)
    .load::<UserRow>(conn)
    .await?
    .into_iter()
    .map(|r| r.user_id)
    .collect();
    if followers.is_empty() {
        return Ok(());
    }
    let profiles = user_repo::public_profiles(conn, &[author]).await?;
    let Some(actor) = profiles.get(&author) else {
        return Ok(());
    };
    let data = serde_json::json!({
        "conversation_id": reply.conversation_id,
        "message_id": reply.id,
        "thread_id": root,
        "excerpt": super::mentions::excerpt(reply.body.as_deref().unwrap_or_default()),
    });
    notifications::create_for_all(conn, &followers, Kind::ThreadReply, actor, data).await
}

/// After a reply is deleted (in its transaction): the count drops, and the
/// last reply is the newest one left.
pub(super) async fn after_deleted_reply(conn: &mut AsyncPgConnection, root: Uuid) -> Result<()> {
    let summary: Option<SummaryRow> = diesel::sql_query(format!(
        "UPDATE threads t SET reply_count = GREATEST(t.reply_count - 1, 0),
             (last_reply_id, last_reply_at) = (
                 SELECT r.id, r.created_at FROM messages r
                  WHERE r.thread_id = t.root_id AND r.deleted_at IS NULL
                  ORDER BY r.id DESC LIMIT 1)
          WHERE t.root_id = $1
          RETURNING {SUMMARY}"
    ))
    .bind::<SqlUuid, _>(root)
    .get_result(conn)
    .await
    .optional()?;
    if let Some(summary) = summary {
        events::enqueue(conn, Payload::ThreadUpdated(summary.into())).await?;
    }
    Ok(())
}

/// The summaries of those of `ids` that are roots with replies.
pub(super) async fn summaries_of(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, ThreadSummary>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<SummaryRow> = diesel::sql_query(format!(
        "SELECT {SUMMARY} FROM threads WHERE root_id = ANY($1) AND reply_count > 0"
    ))
    .bind::<Array<SqlUuid>, _>(ids)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.root_id, ThreadSummary::from(r)))
        .collect())
}

#[derive(QueryableByName)]
struct ListedRow {
    #[diesel(sql_type = SqlUuid)]
    root_id: Uuid,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    last_reply_id: Option<Uuid>,
    #[diesel(sql_type = Bool)]
    following: bool,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    last_read_id: Option<Uuid>,
    #[diesel(sql_type = BigInt)]
    unread_count: i64,
}

/// The reader's part in each thread, and their unread replies (none unless
/// following). `$1` is the reader; the caller adds the `FROM threads t` part.
const READER_PART: &str = "t.root_id, t.last_reply_id,
       COALESCE(tm.following, false) AS following, tm.last_read_id,
       CASE WHEN COALESCE(tm.following, false) THEN (
           SELECT count(*) FROM (
               SELECT 1 FROM messages r
                WHERE r.thread_id = t.root_id AND r.deleted_at IS NULL
                  AND r.author_id IS DISTINCT FROM $1
                  AND (tm.last_read_id IS NULL OR r.id > tm.last_read_id)
                LIMIT 1000) AS unread)
       ELSE 0 END AS unread_count";

async fn assemble(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    rows: Vec<ListedRow>,
) -> Result<Vec<Thread>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.root_id).collect();
    let records: Vec<MessageRecord> = messages::table
        .filter(messages::id.eq_any(&ids))
        .select(MessageRecord::as_select())
        .load(conn)
        .await?;
    let mut roots: HashMap<Uuid, Message> = for_reader(conn, me, records)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            roots.remove(&r.root_id).map(|root| Thread {
                root,
                following: r.following,
                last_read_id: r.last_read_id,
                unread_count: r.unread_count,
            })
        })
        .collect())
}

/// The conversation's threads with replies, most recently active first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    before: Option<Uuid>,
    limit: Option<i64>,
) -> Result<ThreadPage> {
    let limit = parse_limit(limit)?;
    require_member(conn, conversation, me).await?;
    let mut rows: Vec<ListedRow> = diesel::sql_query(format!(
        "SELECT {READER_PART}
           FROM threads t
           LEFT JOIN thread_members tm ON tm.root_id = t.root_id AND tm.user_id = $1
          WHERE t.conversation_id = $2 AND t.reply_count > 0
            AND ($3::uuid IS NULL OR t.last_reply_id < $3)
          ORDER BY t.last_reply_id DESC
          LIMIT $4"
    ))
    .bind::<SqlUuid, _>(me)
    .bind::<SqlUuid, _>(conversation)
    .bind::<Nullable<SqlUuid>, _>(before)
    .bind::<BigInt, _>(limit + 1)
    .load(conn)
    .await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_before = more
        .then(|| rows.last().and_then(|r| r.last_reply_id))
        .flatten();
    Ok(ThreadPage {
        items: assemble(conn, me, rows).await?,
        next_before,
    })
}

/// One thread as the reader sees it (a message with no replies yet is a
/// thread of none).
pub async fn get(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    root_id: Uuid,
) -> Result<Thread> {
    require_member(conn, conversation, me).await?;
    let record = root(conn, conversation, root_id).await?;
    let part: Option<ListedRow> = diesel::sql_query(format!(
        "SELECT {READER_PART}
           FROM threads t
           LEFT JOIN thread_members tm ON tm.root_id = t.root_id AND tm.user_id = $1
          WHERE t.root_id = $2"
    ))
    .bind::<SqlUuid, _>(me)
    .bind::<SqlUuid, _>(root_id)
    .get_result(conn)
    .await
    .optional()?;
    let root = for_reader(conn, me, vec![record])
        .await?
        .pop()
        .ok_or_else(|| Error::internal("thread root vanished"))?;
    Ok(match part {
        Some(p) => Thread {
            root,
            following: p.following,
            last_read_id: p.last_read_id,
            unread_count: p.unread_count,
        },
        None => Thread {
            root,
            following: false,
            last_read_id: None,
            unread_count: 0,
        },
    })
}

/// Follows or unfollows a thread (any message of the main timeline can be
/// followed before its first reply). Starting to follow counts the replies
/// so far as read: only new ones are unread.
pub async fn follow(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    root_id: Uuid,
    following: bool,
) -> Result<ThreadMembership> {
    require_member(conn, conversation, me).await?;
    root(conn, conversation, root_id).await?;
    diesel::insert_into(threads::table)
        .values((
            threads::root_id.eq(root_id),
            threads::conversation_id.eq(conversation),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    let row: MemberRow = diesel::sql_query(
        "INSERT INTO thread_members (root_id, user_id, following, last_read_id, conversation_id)
         SELECT $1, $2, $3, CASE WHEN $3 THEN t.last_reply_id END, t.conversation_id
           FROM threads t WHERE t.root_id = $1
         ON CONFLICT (root_id, user_id) DO UPDATE SET following = $3,
             last_read_id = CASE WHEN $3 AND NOT thread_members.following
                                 THEN GREATEST(thread_members.last_read_id, EXCLUDED.last_read_id)
                                 ELSE thread_members.last_read_id END
         RETURNING user_id, following, last_read_id",
    )
    .bind::<SqlUuid, _>(root_id)
    .bind::<SqlUuid, _>(me)
    .bind::<Bool, _>(following)
    .get_result(conn)
    .await?;
    let member = membership(conversation, root_id, row);
    events::enqueue(conn, Payload::ThreadMemberUpdated(member.clone())).await?;
    Ok(member)
}

/// Moves the caller's read marker in the thread forward to `message`, one of
/// its replies (never back); their devices get `thread.member_updated` when
/// it moved.
pub async fn mark_read(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    root_id: Uuid,
    message: Uuid,
) -> Result<()> {
    require_member(conn, conversation, me).await?;
    let reply: i64 = messages::table
        .filter(messages::id.eq(message))
        .filter(messages::conversation_id.eq(conversation))
        .filter(messages::thread_id.eq(root_id))
        .count()
        .get_result(conn)
        .await?;
    if reply == 0 {
        return Err(Error::not_found("message"));
    }
    let moved: Option<MemberRow> = diesel::sql_query(
        "INSERT INTO thread_members (root_id, user_id, following, last_read_id, conversation_id)
         VALUES ($1, $2, false, $3, $4)
         ON CONFLICT (root_id, user_id) DO UPDATE SET last_read_id = EXCLUDED.last_read_id
             WHERE thread_members.last_read_id IS NULL OR thread_members.last_read_id < EXCLUDED.last_read_id
         RETURNING user_id, following, last_read_id",
    )
    .bind::<SqlUuid, _>(root_id)
    .bind::<SqlUuid, _>(me)
    .bind::<SqlUuid, _>(message)
    .bind::<SqlUuid, _>(conversation)
    .get_result(conn)
    .await
    .optional()?;
    if let Some(row) = moved {
        let member = membership(conversation, root_id, row);
        events::enqueue(conn, Payload::ThreadMemberUpdated(member)).await?;
    }
    Ok(())
}
