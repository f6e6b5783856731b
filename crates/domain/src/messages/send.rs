//! Sending messages. Sends that arrive together are written together: the
//! [`MessageSender`]'s workers each take every send waiting in the queue and
//! write them with one call of `confab_send_messages` (one round trip, one
//! commit), so under load many messages share a transaction and a WAL flush; a
//! lone send is a batch of one and waits for no one. A send with attachments
//! or mentions takes a transaction of its own (it claims the media and links
//! them, and records and notifies the mentions).

use super::mentions::{self, Mentions};
use super::previews::{PreviewJob, PreviewQueue};
use super::{Message, MessageBody, MessageRecord, Nonce};
use crate::access::{self, WriteVerdict};
use crate::db::DbPool;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::EventType;
use crate::events::relay::OutboxWaker;
use crate::media;
use crate::schema::{confab_send_messages, conversations, messages};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};
use uuid::Uuid;

pub struct SendMessage {
    pub body: MessageBody,
    pub nonce: Option<Nonce>,
    pub reply_to: Option<Uuid>,
    /// The root of the thread to reply in (none: the main timeline).
    pub thread: Option<Uuid>,
    /// The caller's own uploads, at most [`media::MAX_ATTACHMENTS`].
    pub attachments: Vec<Uuid>,
}

/// Most sends written in one statement.
const MAX_BATCH: usize = 128;

struct Job {
    message: Message,
    payload: serde_json::Value,
    reply: oneshot::Sender<Result<Message>>,
}

#[derive(Clone)]
pub struct MessageSender {
    jobs: mpsc::Sender<Job>,
    pool: DbPool,
    waker: OutboxWaker,
    /// Where the links of new messages go for previews (none: no previews).
    previews: Option<PreviewQueue>,
}

impl MessageSender {
    /// Starts `workers` writers (each holds a database connection while writing).
    pub fn spawn(
        pool: DbPool,
        waker: OutboxWaker,
        workers: usize,
        previews: Option<PreviewQueue>,
    ) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>(4096);
        let queue = Arc::new(Mutex::new(queue));
        let kinds = ConversationKinds::default();
        let sender = Self {
            jobs,
            pool: pool.clone(),
            waker: waker.clone(),
            previews,
        };
        for _ in 0..workers.max(1) {
            let (queue, pool, waker) = (queue.clone(), pool.clone(), waker.clone());
            let kinds = kinds.clone();
            tokio::spawn(async move {
                let mut batch = Vec::with_capacity(MAX_BATCH);
                loop {
                    {
                        let mut queue = queue.lock().await;
                        let Some(first) = queue.recv().await else {
                            return;
                        };
                        batch.push(first);
                        while batch.len() < MAX_BATCH {
                            match queue.try_recv() {
                                Ok(job) => batch.push(job),
                                Err(_) => break,
                            }
                        }
                    }
                    metrics::histogram!("message_send_batch_size").record(batch.len() as f64);
                    write_batch(&pool, &kinds, &mut batch).await;
                    waker.wake();
                }
            });
        }
        sender
    }

    /// Sends a message. A retry with the same nonce returns the first message.
    pub async fn send(&self, me: Uuid, conversation: Uuid, input: SendMessage) -> Result<Message> {
        let record = MessageRecord {
            id: Uuid::now_v7(),
            conversation_id: conversation,
            author_id: Some(me),
            body: Some(input.body.into_inner()),
            reply_to_id: input.reply_to,
            nonce: input.nonce.map(Nonce::into_inner),
            created_at: super::now_micros(),
            edited_at: None,
            deleted_at: None,
            system: None,
            pinned_at: None,
            pinned_by: None,
            forwarded_from_id: None,
            thread_id: input.thread,
        };
        let blocks = super::format::parse(record.body.as_deref().unwrap_or_default());
        let mentions = Mentions::of(&blocks);
        let links = super::format::web_links_of(&blocks);
        let id = record.id;
        let sent =
            if !input.attachments.is_empty() || !mentions.is_empty() || input.thread.is_some() {
                self.send_alone(me, record, &input.attachments, &mentions)
                    .await
            } else {
                self.send_batched(record).await
            };
        // A retried nonce answers the first message, which had its turn.
        if let (Ok(message), Some(queue)) = (&sent, &self.previews)
            && message.id == id
            && !links.is_empty()
        {
            queue.offer(PreviewJob {
                message: id,
                author: me,
                links,
            });
        }
        sent
    }

    /// A plain send: it joins the next batch of the writers.
    async fn send_batched(&self, record: MessageRecord) -> Result<Message> {
        let message = Message::bare(record);
        let payload = serde_json::to_value(&message).expect("message serialises");
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job {
                message,
                payload,
                reply,
            })
            .await
            .map_err(|_| Error::internal("message writer stopped"))?;
        answer
            .await
            .map_err(|_| Error::internal("message writer dropped a send"))?
    }
}

impl MessageSender {
    /// A send with media, mentions or in a thread: one transaction that checks
    /// `send_media` in groups, claims the uploads, writes the message with them
    /// in its event, links them, records and notifies the mentions, and
    /// updates the thread (its summary, who takes part, their notifications).
    async fn send_alone(
        &self,
        me: Uuid,
        record: MessageRecord,
        ids: &[Uuid],
        mentions: &Mentions,
    ) -> Result<Message> {
        if ids.len() > media::MAX_ATTACHMENTS {
            return Err(Error::new(
                ErrorCode::InvalidAttachments,
                format!("at most {} attachments", media::MAX_ATTACHMENTS),
            ));
        }
        let mut conn = self.pool.get().await?;
        let message = conn
            .transaction::<_, Error, _>(async |c| {
                let conversation = record.conversation_id;
                let standing = crate::access::may_write(c, conversation, me).await?;
                if let Some(s) = &standing
                    && !ids.is_empty()
                {
                    access::authorize(s, access::Action::SendMedia)?;
                }
                if standing.is_some() {
                    let slots = access::claim_slowmode(c, &[(conversation, me)]).await?;
                    if let Some(wait) = slots.get(&(conversation, me)).and_then(|s| s.wait_secs) {
                        return Err(Error::Slowmode {
                            retry_after_secs: wait,
                        });
                    }
                }
                let attachments = media::claim(c, me, ids).await?;
                let message = Message::from_record(record, attachments);
                let payload = serde_json::to_value(&message).expect("message serialises");
                let code = write_many(c, &[(&message, &payload)]).await?[0];
                let written = outcome(c, message, code).await?;
                if code == 0 {
                    if !written.attachments.is_empty() {
                        media::link(c, written.conversation_id, written.id, &written.attachments)
                            .await?;
                    }
                    let everyone = standing.is_some_and(|s| {
                        access::authorize(&s, access::Action::MentionEveryone).is_ok()
                    });
                    let mentioned = mentions::record(c, &written, mentions, everyone).await?;
                    if let Some(root) = written.thread_id {
                        super::threads::after_reply(c, &written, root, &mentioned).await?;
                    }
                }
                Ok(written)
            })
            .await?;
        self.waker.wake();
        Ok(message)
    }
}

/// Writes the batch and answers every job in it.
async fn write_batch(pool: &DbPool, kinds: &ConversationKinds, batch: &mut Vec<Job>) {
    let result = async {
        let mut conn = pool.get().await?;
        refuse_unpermitted(&mut conn, kinds, batch).await?;
        if batch.is_empty() {
            return Ok((conn, Vec::new()));
        }
        let items: Vec<_> = batch.iter().map(|j| (&j.message, &j.payload)).collect();
        let codes = write_many(&mut conn, &items).await?;
        Ok::<_, Error>((conn, codes))
    }
    .await;
    match result {
        Ok((mut conn, codes)) => {
            for (job, code) in batch.drain(..).zip(codes) {
                let outcome = outcome(&mut conn, job.message, code).await;
                let _ = job.reply.send(outcome);
            }
        }
        Err(e) if batch.len() > 1 => {
            // One bad send must not sink the others: retry them one by one.
            tracing::warn!(error = %e, size = batch.len(), "batched send failed; retrying singly");
            for job in batch.drain(..) {
                let mut single = vec![job];
                Box::pin(write_batch(pool, kinds, &mut single)).await;
            }
        }
        Err(e) => {
            // The database out of reach (no connection, or the connection
            // lost mid-batch) is worth a retry: 503, as for any request.
            let text = e.to_string();
            let unavailable = e.is(crate::error::ErrorCode::ServiceUnavailable);
            for job in batch.drain(..) {
                let _ = job.reply.send(Err(if unavailable {
                    Error::DatabasePool(text.clone())
                } else {
                    Error::internal(&text)
                }));
            }
        }
    }
}

/// Which conversations are groups. A conversation's kind never changes, so it is
/// looked up once per process: a DM send then needs no permission query at all.
#[derive(Clone, Default)]
struct ConversationKinds(Arc<std::sync::Mutex<HashMap<Uuid, bool>>>);

impl ConversationKinds {
    /// Enough for every active conversation; past it, start over.
    const CAPACITY: usize = 200_000;

    /// The group conversations among `ids`, querying the ones not yet known.
    async fn groups_among(
        &self,
        conn: &mut AsyncPgConnection,
        ids: &[Uuid],
    ) -> Result<HashSet<Uuid>> {
        let unknown: Vec<Uuid> = {
            let known = self.0.lock().expect("kinds lock");
            ids.iter()
                .filter(|id| !known.contains_key(id))
                .copied()
                .collect()
        };
        if !unknown.is_empty() {
            let found: Vec<(Uuid, String)> = conversations::table
                .filter(conversations::id.eq_any(&unknown))
                .select((conversations::id, conversations::kind))
                .load(conn)
                .await?;
            let mut known = self.0.lock().expect("kinds lock");
            if known.len() + found.len() > Self::CAPACITY {
                known.clear();
            }
            known.extend(found.into_iter().map(|(id, kind)| (id, kind == "group")));
        }
        let known = self.0.lock().expect("kinds lock");
        Ok(ids
            .iter()
            .filter(|id| known.get(id) == Some(&true))
            .copied()
            .collect())
    }
}

/// Answers (and drops from the batch) the sends to groups whose author's role
/// lacks `send_messages`: one standings query for the batch's group sends.
async fn refuse_unpermitted(
    conn: &mut AsyncPgConnection,
    kinds: &ConversationKinds,
    batch: &mut Vec<Job>,
) -> Result<()> {
    let pair = |j: &Job| {
        (
            j.message.conversation_id,
            j.message.author_id.unwrap_or_default(),
        )
    };
    let conversations: Vec<Uuid> = batch.iter().map(|j| j.message.conversation_id).collect();
    let groups = kinds.groups_among(conn, &conversations).await?;
    if groups.is_empty() {
        return Ok(());
    }
    let pairs: Vec<(Uuid, Uuid)> = batch
        .iter()
        .filter(|j| groups.contains(&j.message.conversation_id))
        .map(pair)
        .collect();
    let standings = access::group_standings(conn, &pairs).await?;
    let mut allowed = Vec::with_capacity(batch.len());
    for job in batch.drain(..) {
        match standings
            .get(&pair(&job))
            .map(|s| access::authorize(s, access::Action::SendMessages))
        {
            Some(Err(denied)) => {
                let _ = job.reply.send(Err(denied.into()));
            }
            _ => allowed.push(job),
        }
    }
    // Slow mode: one claim per member; their later sends in this batch wait
    // the whole window.
    let permitted: Vec<(Uuid, Uuid)> = allowed
        .iter()
        .filter(|j| groups.contains(&j.message.conversation_id))
        .map(pair)
        .collect();
    let slots = access::claim_slowmode(conn, &permitted).await?;
    let mut claimed = HashSet::new();
    for job in allowed.drain(..) {
        let wait = slots
            .get(&pair(&job))
            .and_then(|slot| match slot.wait_secs {
                Some(wait) => Some(wait),
                None if claimed.insert(pair(&job)) => None,
                None => Some(slot.window_secs),
            });
        match wait {
            Some(retry_after_secs) => {
                let _ = job.reply.send(Err(Error::Slowmode { retry_after_secs }));
            }
            None => batch.push(job),
        }
    }
    Ok(())
}

/// The messages to write, each with its event payload.
type Writes<'a> = [(&'a Message, &'a serde_json::Value)];

async fn write_many(conn: &mut AsyncPgConnection, batch: &Writes<'_>) -> Result<Vec<i16>> {
    fn column<T>(batch: &Writes<'_>, f: impl Fn(&Message) -> T) -> Vec<T> {
        batch.iter().map(|(m, _)| f(m)).collect()
    }
    let codes: Vec<i16> = diesel::select(confab_send_messages(
        column(batch, |m| m.conversation_id),
        column(batch, |m| m.author_id.unwrap_or_default()),
        column(batch, |m| m.id),
        column(batch, |m| m.body.clone().unwrap_or_default()),
        column(batch, |m| m.reply_to_id),
        column(batch, |m| m.nonce.clone()),
        column(batch, |m| m.created_at),
        batch.iter().map(|(_, p)| (*p).clone()).collect::<Vec<_>>(),
        EventType::MessageCreated.as_str(),
        column(batch, |m| m.thread_id),
    ))
    .get_result(conn)
    .await?;
    if codes.len() != batch.len() {
        return Err(Error::internal(
            "confab_send_messages answered the wrong count",
        ));
    }
    Ok(codes)
}

/// What `confab_send_messages` (migrations 000007, 000010) answers for each
/// message: the write rule's verdict, or one of the send's own checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendCode {
    /// The one write rule (`confab_write_check`); `Allowed` means written.
    Rule(WriteVerdict),
    /// `reply_to` is not a message of this conversation.
    InvalidReplyTo,
    /// The author already sent a message with this nonce here.
    NonceUsed,
    /// `thread` is not a live, non-system message of this conversation's
    /// main timeline.
    InvalidThread,
}

impl SendCode {
    pub fn from_code(code: i16) -> Option<Self> {
        match code {
            3 => Some(Self::InvalidReplyTo),
            4 => Some(Self::NonceUsed),
            6 => Some(Self::InvalidThread),
            other => WriteVerdict::from_code(other).map(Self::Rule),
        }
    }
}

/// What a `confab_send_messages` code means for the caller.
async fn outcome(conn: &mut AsyncPgConnection, message: Message, code: i16) -> Result<Message> {
    let Some(code) = SendCode::from_code(code) else {
        return Err(Error::internal(format!(
            "confab_send_messages returned {code}"
        )));
    };
    match code {
        SendCode::Rule(verdict) => verdict.into_result().map(|()| message),
        SendCode::InvalidReplyTo => Err(Error::new(
            ErrorCode::InvalidReplyTo,
            "reply_to must be a message of this conversation",
        )),
        SendCode::InvalidThread => Err(Error::new(
            ErrorCode::InvalidThread,
            "thread_id must be a message of this conversation's main timeline",
        )),
        // The first message with that nonce (committed before us, or by a
        // concurrent retry that won the race).
        SendCode::NonceUsed => {
            let first: MessageRecord = messages::table
                .filter(messages::conversation_id.eq(message.conversation_id))
                .filter(messages::author_id.eq(message.author_id))
                .filter(messages::nonce.eq(message.nonce.clone()))
                .select(MessageRecord::as_select())
                .first(conn)
                .await
                .optional()?
                .ok_or_else(|| Error::internal("message with nonce vanished"))?;
            super::with_attachments(conn, vec![first])
                .await?
                .pop()
                .ok_or_else(|| Error::internal("message with nonce vanished"))
        }
    }
}
