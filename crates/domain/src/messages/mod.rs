//! Messages: one model for DMs and groups. Sending is one call of a database
//! function (the membership and friendship checks, the insert and the outbox row),
//! and sends that arrive together share that call and its commit.

mod body;
mod edits;
pub mod format;
mod forward;
mod mentions;
mod pins;
pub mod previews;
mod reactions;
mod read;
mod search;
mod send;
mod system;
mod threads;

pub use crate::models::{
    Message, Reaction, ReactionChange, ReadState, ThreadMembership, ThreadSummary,
};
pub use body::{MessageBody, Nonce};
pub use edits::{EditHistory, MessageEdit, history as edit_history};
pub use forward::forward;
pub(crate) use mentions::forget_quotes_for;
pub use pins::{PinList, pin, pins, unpin};
pub use reactions::{Emoji, ReactedBy, react, reacted_by, unreact};
pub use read::{ReadMarker, mark_read, read_markers};
pub use search::{Highlight, SearchHit, SearchPage, SearchQuery, SearchText, search};
pub use send::{MessageSender, SendCode, SendMessage};
pub use system::SystemNote;
pub(crate) use system::post_system;
pub use threads::mark_read as mark_thread_read;
pub use threads::{Thread, ThreadPage, follow as follow_thread, get as thread, list as threads};

use crate::access::{self, require_member};
use crate::audit::{self, AuditAction, AuditReason, Logged};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::{self, Payload};
use crate::media::{self, Media};
use crate::pagination::parse_limit;
use crate::schema::messages;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A row of `messages`: a message without its attachments. Never sent as it is:
/// [`Message`] is the wire type, so renaming a column renames no public field.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = messages)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct MessageRecord {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub author_id: Option<Uuid>,
    pub body: Option<String>,
    pub reply_to_id: Option<Uuid>,
    pub nonce: Option<String>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub system: Option<serde_json::Value>,
    pub pinned_at: Option<DateTime<Utc>>,
    pub pinned_by: Option<Uuid>,
    pub forwarded_from_id: Option<Uuid>,
    pub thread_id: Option<Uuid>,
}

impl Message {
    /// The record with these attachments; reactions are added per reader.
    pub fn from_record(record: MessageRecord, attachments: Vec<Media>) -> Self {
        Self {
            id: record.id,
            conversation_id: record.conversation_id,
            author_id: record.author_id,
            body: record.body,
            reply_to_id: record.reply_to_id,
            thread_id: record.thread_id,
            nonce: record.nonce,
            created_at: record.created_at,
            edited_at: record.edited_at,
            deleted_at: record.deleted_at,
            system: record.system,
            pinned_at: record.pinned_at,
            pinned_by: record.pinned_by,
            forwarded: record.forwarded_from_id.is_some(),
            forwarded_from: None,
            previews: Vec::new(),
            attachments,
            reactions: None,
            thread: None,
        }
    }

    /// A message that has no attachments (a system message, a tombstone).
    pub fn bare(record: MessageRecord) -> Self {
        Self::from_record(record, Vec::new())
    }
}

/// Gives each record its attachments, with one query for all of them.
pub(crate) async fn with_attachments(
    conn: &mut AsyncPgConnection,
    records: Vec<MessageRecord>,
) -> Result<Vec<Message>> {
    let ids: Vec<Uuid> = records
        .iter()
        .filter(|r| r.deleted_at.is_none())
        .map(|r| r.id)
        .collect();
    let mut attachments = media::attachments_of(conn, &ids).await?;
    let mut previews = previews::of_messages(conn, &ids).await?;
    Ok(records
        .into_iter()
        .map(|record| {
            let attached = attachments.remove(&record.id).unwrap_or_default();
            let shown = previews.remove(&record.id).unwrap_or_default();
            let mut message = Message::from_record(record, attached);
            message.previews = shown;
            message
        })
        .collect())
}

/// Records as `reader` sees them: with their attachments and reactions.
pub(crate) async fn for_reader(
    conn: &mut AsyncPgConnection,
    reader: Uuid,
    records: Vec<MessageRecord>,
) -> Result<Vec<Message>> {
    let ids: Vec<Uuid> = records.iter().map(|r| r.id).collect();
    let mut reactions = reactions::of_messages(conn, reader, &ids).await?;
    let originals: Vec<(Uuid, Uuid)> = records
        .iter()
        .filter_map(|r| r.forwarded_from_id.map(|original| (r.id, original)))
        .collect();
    let mut links = forward::links_for(conn, reader, &originals).await?;
    let mut threads = threads::summaries_of(conn, &ids).await?;
    let mut messages = with_attachments(conn, records).await?;
    for message in &mut messages {
        message.reactions = Some(reactions.remove(&message.id).unwrap_or_default());
        message.forwarded_from = links.remove(&message.id);
        message.thread = threads.remove(&message.id);
    }
    Ok(messages)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MessagePage {
    pub items: Vec<Message>,
    /// With `before` paging (newest first): pass as `before` for older messages.
    pub next_before: Option<Uuid>,
    /// With `after` paging (oldest first): pass as `after` for newer messages.
    pub next_after: Option<Uuid>,
}

/// Which slice of history to read.
#[derive(Debug, Clone, Copy)]
pub enum Cursor {
    /// Newest first, older than the id (or from the newest).
    Before(Option<Uuid>),
    /// Oldest first, newer than the id.
    After(Uuid),
    /// Newest first, the message and its neighbours on both sides (jump to a
    /// search result or a replied-to message); both cursors come back.
    Around(Uuid),
}

/// A conversation's main timeline, or one of its threads: the messages one
/// history reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeline {
    Main,
    /// The replies of the thread with this root.
    Thread(Uuid),
}

/// Up to `limit` records on one side of `from` (or from the newest), and the
/// cursor to the ones beyond them (none when there are none).
async fn slice(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    timeline: Timeline,
    from: Option<Uuid>,
    older: bool,
    limit: i64,
) -> Result<(Vec<MessageRecord>, Option<Uuid>)> {
    let query = messages::table
        .filter(messages::conversation_id.eq(conversation))
        .select(MessageRecord::as_select())
        .limit(limit + 1)
        .into_boxed();
    let query = match timeline {
        Timeline::Main => query.filter(messages::thread_id.is_null()),
        Timeline::Thread(root) => query.filter(messages::thread_id.eq(root)),
    };
    let query = match (from, older) {
        (Some(id), true) => query.filter(messages::id.lt(id)).order(messages::id.desc()),
        (None, true) => query.order(messages::id.desc()),
        (Some(id), false) => query.filter(messages::id.gt(id)).order(messages::id.asc()),
        (None, false) => query.order(messages::id.asc()),
    };
    let mut records: Vec<MessageRecord> = query.load(conn).await?;
    let more = records.len() as i64 > limit;
    records.truncate(limit as usize);
    let next = more.then(|| records.last().map(|m| m.id)).flatten();
    Ok((records, next))
}

/// A page of the main timeline or of a thread (whose root must be a message of
/// the main timeline here). `around` names a message of that timeline.
pub async fn history(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    timeline: Timeline,
    cursor: Cursor,
    limit: Option<i64>,
) -> Result<MessagePage> {
    let limit = parse_limit(limit)?;
    require_member(conn, conversation, me).await?;
    if let Timeline::Thread(root) = timeline {
        threads::root(conn, conversation, root).await?;
    }
    let (records, next_before, next_after) = match cursor {
        Cursor::Before(from) => {
            let (records, next) = slice(conn, conversation, timeline, from, true, limit).await?;
            (records, next, None)
        }
        Cursor::After(from) => {
            let (records, next) =
                slice(conn, conversation, timeline, Some(from), false, limit).await?;
            (records, None, next)
        }
        Cursor::Around(id) => {
            let target: MessageRecord = messages::table
                .filter(messages::id.eq(id))
                .filter(messages::conversation_id.eq(conversation))
                .select(MessageRecord::as_select())
                .first(conn)
                .await
                .optional()?
                .filter(|m| match timeline {
                    Timeline::Main => m.thread_id.is_none(),
                    Timeline::Thread(root) => m.thread_id == Some(root),
                })
                .ok_or(Error::not_found("message"))?;
            let older_count = (limit - 1) / 2;
            let newer_count = limit - 1 - older_count;
            let (older, next_before) =
                slice(conn, conversation, timeline, Some(id), true, older_count).await?;
            let (newer, next_after) =
                slice(conn, conversation, timeline, Some(id), false, newer_count).await?;
            let records = newer
                .into_iter()
                .rev()
                .chain([target])
                .chain(older)
                .collect();
            (records, next_before, next_after)
        }
    };
    Ok(MessagePage {
        items: for_reader(conn, me, records).await?,
        next_before,
        next_after,
    })
}

/// Locks the message for a change, checking the caller may see it.
pub(crate) async fn lock_for_change(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    id: Uuid,
) -> Result<MessageRecord> {
    require_member(conn, conversation, me).await?;
    lock_message(conn, conversation, id).await
}

async fn lock_message(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    id: Uuid,
) -> Result<MessageRecord> {
    messages::table
        .filter(messages::id.eq(id))
        .filter(messages::conversation_id.eq(conversation))
        .select(MessageRecord::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("message"))
}

/// A live message locked for a change that writes into the conversation.
pub(crate) struct Writable {
    pub message: MessageRecord,
    /// The caller's group standing (None in a DM), for checks on top.
    pub standing: Option<access::Standing>,
}

/// Locks the message for a change a deleted message cannot take (edit, react,
/// pin): the caller must pass the one write rule (`access::may_write`), and a
/// tombstone is not found.
pub(crate) async fn lock_live(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    id: Uuid,
) -> Result<Writable> {
    let standing = crate::access::may_write(conn, conversation, me).await?;
    let message = lock_message(conn, conversation, id).await?;
    if message.deleted_at.is_some() {
        return Err(Error::not_found("message"));
    }
    Ok(Writable { message, standing })
}

fn not_author() -> Error {
    Error::new(
        ErrorCode::NotAuthor,
        "only the author can change this message",
    )
}

pub async fn edit(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    id: Uuid,
    body: MessageBody,
) -> Result<Message> {
    let message = lock_live(conn, me, conversation, id).await?.message;
    if message.author_id != Some(me) {
        return Err(not_author());
    }
    if let Some(previous) = &message.body {
        let written = message.edited_at.unwrap_or(message.created_at);
        edits::keep(conn, conversation, id, previous, written).await?;
    }
    let record: MessageRecord = diesel::update(messages::table.find(id))
        .set((
            messages::body.eq(body.into_inner()),
            messages::edited_at.eq(Some(Utc::now())),
        ))
        .returning(MessageRecord::as_returning())
        .get_result(conn)
        .await?;
    let updated = with_attachments(conn, vec![record])
        .await?
        .pop()
        .ok_or_else(|| Error::internal("edited message vanished"))?;
    announce(conn, Payload::MessageUpdated, updated.clone()).await?;
    Ok(updated)
}

/// Deletes a message for everyone: the row stays as a tombstone without its body.
/// Deleting a deleted message changes nothing. A moderator's delete of someone
/// else's message goes to the group's audit log, with `reason`.
pub async fn delete(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    id: Uuid,
    reason: Option<&AuditReason>,
) -> Result<()> {
    let message = lock_for_change(conn, me, conversation, id).await?;
    if message.author_id != Some(me) {
        may_delete_others(conn, conversation, me, message.author_id).await?;
    }
    if message.deleted_at.is_some() {
        return Ok(());
    }
    if message.author_id != Some(me) {
        let entry = Logged {
            action: AuditAction::MessageDeleted,
            actor: me,
            target: message.author_id,
            details: serde_json::json!({ "message_id": id, "thread_id": message.thread_id }),
            reason,
        };
        audit::record(conn, conversation, entry).await?;
    }
    let tombstone: MessageRecord = diesel::update(messages::table.find(id))
        .set((
            messages::body.eq(None::<String>),
            messages::deleted_at.eq(Some(Utc::now())),
            messages::pinned_at.eq(None::<DateTime<Utc>>),
            messages::pinned_by.eq(None::<Uuid>),
        ))
        .returning(MessageRecord::as_returning())
        .get_result(conn)
        .await?;
    mentions::forget(conn, id).await?;
    reactions::forget(conn, id).await?;
    edits::forget(conn, id).await?;
    let thread = tombstone.thread_id;
    announce(conn, Payload::MessageDeleted, Message::bare(tombstone)).await?;
    if let Some(root) = thread {
        threads::after_deleted_reply(conn, root).await?;
    }
    Ok(())
}

/// Someone else's message may go only in a group, by a member with
/// `delete_messages` who outranks its author (anyone who left ranks lowest).
async fn may_delete_others(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    me: Uuid,
    author: Option<Uuid>,
) -> Result<()> {
    let pairs: Vec<(Uuid, Uuid)> = [Some(me), author]
        .into_iter()
        .flatten()
        .map(|user| (conversation, user))
        .collect();
    let standings = access::group_standings(conn, &pairs).await?;
    let Some(actor) = standings.get(&(conversation, me)) else {
        return Err(not_author());
    };
    let author = author
        .and_then(|a| standings.get(&(conversation, a)).copied())
        .unwrap_or(access::Standing::OUTSIDER);
    access::authorize(actor, access::Action::DeleteMessageOf(author))?;
    Ok(())
}

/// An event about a message, to every member of its conversation.
pub(crate) async fn announce(
    conn: &mut AsyncPgConnection,
    kind: fn(Message) -> Payload,
    message: Message,
) -> Result<()> {
    events::enqueue(conn, kind(message)).await
}

/// Postgres keeps microseconds; trimming here makes the message we return equal
/// to the one stored and read back later.
pub(crate) fn now_micros() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}
