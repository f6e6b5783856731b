//! The outbox relay: moves committed events from Postgres to Redis streams, in
//! order, exactly once per stream.
//!
//! Every API process runs one; a Postgres advisory lock makes one of them the
//! leader and the others wait to take over. The leader:
//! 1. numbers the next batch of unpublished rows with its publish sequence (`seq`,
//!    in outbox id order) and commits that;
//! 2. `XADD`s each event with the explicit stream id `<seq>-0` into each partition
//!    holding a recipient (pipelined), trimming each stream to a bounded length;
//! 3. deletes the batch from the outbox (a delete writes no index entries) in
//!    the statement that numbers the next batch, and keeps it in memory for
//!    `replay_window`: if Redis restarts without its data (its published marker,
//!    or a partition floor key the leader saw, is gone), the leader publishes that window
//!    again, with the same ids, and gateways read on from where they were. (A
//!    leader that starts after such a loss has no window: clients resync.)
//!
//! Redis can also come back *stale* (restored from an older snapshot, or a
//! lagging replica promoted): its floors are there, but the newest entries are
//! not. The leader knows the last sequence it published (from Postgres when it
//! takes the lead), and before every publish compares it with the one Redis
//! recorded (`published_key`): a gap is published again from the kept window
//! when the window covers it; otherwise the partitions' floors are raised past
//! it, so a client resuming from inside the gap gets `resync`, never silence.
//!
//! A crash between 2 and 3 leaves numbered rows; the next leader
//! publishes those first, with the same ids, and Redis refuses the ones already
//! there ("equal or smaller than the top item"), so nothing is doubled. While Redis
//! is down, step 2 fails and is retried with backoff; changes keep committing, and
//! their events go out in order once Redis is back.

use super::stream::{
    FIELD_DATA, FIELD_RECIPIENTS, FIELD_TYPE, StreamLayout, encode_recipients, stream_id,
};
use crate::db::DbPool;
use crate::error::{Error, Result};
use crate::redis::SharedRedis;
use deadpool_redis::redis;
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::{FutureExt, StreamExt};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use uuid::Uuid;

/// The channel API processes `NOTIFY` after committing events.
const CHANNEL: &str = "confab_outbox";
/// The advisory lock that elects the leader (per database).
const LEADER_LOCK: i64 = 0x0C0F_AB00_0002;
/// How often the leader vacuums the outbox while it churns. Every event is a
/// row inserted and deleted within milliseconds; autovacuum looks once a minute,
/// and until then new rows go to fresh
/// pages and every scan of the outbox wades through the dead ones.
const VACUUM_EVERY: Duration = Duration::from_secs(5);
/// How often the leader counts the outbox for `outbox_backlog_events`.
const BACKLOG_SAMPLE_EVERY: Duration = Duration::from_secs(5);
/// Counting stops here: past it the alert fires anyway, and a bounded count
/// keeps the sample cheap however far behind the relay is.
const BACKLOG_COUNT_CAP: i64 = 1_000_000;

#[derive(Clone)]
pub struct RelayConfig {
    pub database_url: String,
    pub layout: StreamLayout,
    pub stream_maxlen: usize,
    pub batch_size: i64,
    /// The longest the leader sleeps without a notification.
    pub poll_interval: Duration,
    pub replay_window: Duration,
}

pub struct Relay {
    config: RelayConfig,
    redis: SharedRedis,
}

#[derive(diesel::QueryableByName)]
struct OutboxRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Uuid>)]
    recipients: Vec<Uuid>,
    #[diesel(sql_type = Text)]
    payload: String,
    /// Seconds since the change's transaction began, when numbered: how long
    /// the event waited for the relay (the `outbox_event_wait_seconds` metric).
    #[diesel(sql_type = diesel::sql_types::Double)]
    waited: f64,
}

impl Relay {
    pub fn new(config: RelayConfig, redis: SharedRedis) -> Self {
        Self { config, redis }
    }

    /// Runs forever: tries to lead, and while leading publishes.
    pub async fn run(self) {
        loop {
            match self.lead().await {
                Ok(()) => {}
                Err(e) => tracing::warn!(error = %e, "outbox relay interrupted; retrying"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// Returns when another process leads, or on a database error.
    async fn lead(&self) -> Result<()> {
        let mut conn = AsyncPgConnection::establish(&self.config.database_url)
            .await
            .map_err(|e| Error::DatabasePool(e.to_string()))?;
        if !try_lock(&mut conn).await? {
            return Ok(());
        }
        tracing::info!("outbox relay leading");
        diesel::sql_query(format!("LISTEN {CHANNEL}"))
            .execute(&mut conn)
            .await?;
        let mut state = Leading::start(&mut conn, &self.config.layout).await?;
        metrics::gauge!("outbox_relay_leading").set(1.0);
        let led = self.relay_while_leading(&mut conn, &mut state).await;
        // Only the leader reports: alerts take the sum and the maximum over processes.
        metrics::gauge!("outbox_relay_leading").set(0.0);
        metrics::gauge!("outbox_backlog_events").set(0.0);
        led
    }

    async fn relay_while_leading(
        &self,
        conn: &mut AsyncPgConnection,
        state: &mut Leading,
    ) -> Result<()> {
        loop {
            state.vacuum_if_due(conn).await?;
            state.sample_backlog_if_due(conn).await?;
            let batch = state.next_batch(conn, self.config.batch_size).await?;
            if (state.check_redis || !batch.is_empty()) && !self.redis_is_whole(state).await {
                continue;
            }
            if batch.is_empty() {
                self.wait_for_work(conn).await;
                // Idle: look again after the wait, so a Redis that came back
                // stale is repaired before anyone resumes from it.
                state.check_redis = true;
                continue;
            }
            self.publish_batch(state, batch).await;
        }
    }

    /// Checks Redis before a publish (only the marker) or, on taking the lead,
    /// when idle and after a failure, the floors too; repairs what it lost.
    /// False after a failure (already waited out): the caller starts over.
    async fn redis_is_whole(&self, state: &mut Leading) -> bool {
        let floors_too = state.check_redis;
        match self
            .repair_if_stale(
                &mut state.recent,
                state.published_through,
                floors_too,
                &mut state.floors_seen,
            )
            .await
        {
            Ok(()) => {
                state.check_redis = false;
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "checking Redis for lost events failed; will retry");
                // The batch numbered this round is read again next round.
                state.backlog = true;
                state.back_off().await;
                false
            }
        }
    }

    /// Publishes the batch and records it, or arranges for it to be retried.
    async fn publish_batch(&self, state: &mut Leading, batch: Vec<OutboxRow>) {
        for row in &batch {
            metrics::histogram!("outbox_event_wait_seconds").record(row.waited);
        }
        let publishing = std::time::Instant::now();
        match self.publish(&batch, Marker::Raise).await {
            Ok(partitions) => {
                metrics::histogram!("outbox_publish_seconds")
                    .record(publishing.elapsed().as_secs_f64());
                metrics::counter!("outbox_events_published_total").increment(batch.len() as u64);
                state.published(batch, &partitions, self.config.replay_window);
            }
            Err(e) => {
                tracing::warn!(error = %e, pending = batch.len(), "publishing events failed; will retry");
                metrics::counter!("outbox_publish_failures_total").increment(1);
                state.backlog = true;
                state.check_redis = true;
                state.back_off().await;
            }
        }
    }

    /// Compares what Redis says was published with what was (`expected`).
    /// Redis restarted empty (a floor key seen before is missing) or stale (its
    /// marker is behind): the kept window is published again, with the same ids, and if
    /// it does not reach back to what Redis still has, every partition's floor
    /// is raised to where the stream is whole again, so that clients resuming
    /// from before it get `resync`.
    async fn repair_if_stale(
        &self,
        recent: &mut Recent,
        expected: i64,
        floors_too: bool,
        floors_seen: &mut [bool],
    ) -> Result<()> {
        let layout = &self.config.layout;
        let mut pipe = redis::pipe();
        pipe.cmd("GET").arg(layout.published_key());
        if floors_too {
            for partition in 0..layout.partitions() {
                pipe.cmd("EXISTS").arg(layout.floor_key(partition));
            }
        }
        let mut conn = self.redis.clone();
        let (marker, floors): (Option<i64>, Vec<i64>) = {
            let values: Vec<redis::Value> = pipe.query_async(&mut conn).await?;
            let mut values = values.into_iter();
            let marker = values
                .next()
                .and_then(|v| redis::from_redis_value::<Option<i64>>(v).ok())
                .flatten();
            let floors = values
                .map(|v| redis::from_redis_value::<i64>(v).unwrap_or(0))
                .collect();
            (marker, floors)
        };
        let marker = marker.unwrap_or(0);
        let floor_lost = floors
            .iter()
            .zip(floors_seen.iter())
            .any(|(&exists, &seen)| seen && exists == 0);
        if floors_too {
            for (seen, &exists) in floors_seen.iter_mut().zip(&floors) {
                *seen = exists == 1;
            }
        }
        if marker >= expected && !floor_lost {
            return Ok(());
        }
        recent.forget_older_than(self.config.replay_window);
        let mut replayed = 0usize;
        for (_, batch) in &recent.batches {
            for partition in self.publish(batch, Marker::Keep).await? {
                floors_seen[usize::from(partition)] = true;
            }
            replayed += batch.len();
        }
        // The stream is whole from here on: after what Redis kept (its marker),
        // the window covers the rest, or begins later (a gap), or is empty.
        let whole_from = match recent.first_seq() {
            Some(first) if first <= marker + 1 => None,
            Some(first) => Some(first),
            None if marker >= expected => None,
            None => Some(expected + 1),
        };
        if let Some(floor) = whole_from {
            let mut pipe = redis::pipe();
            for partition in 0..layout.partitions() {
                pipe.cmd("EVAL")
                    .arg(RAISE)
                    .arg(1)
                    .arg(layout.floor_key(partition))
                    .arg(floor)
                    .ignore();
            }
            let () = pipe.query_async(&mut conn).await?;
            floors_seen.fill(true);
            metrics::counter!("outbox_unreplayable_gaps_total").increment(1);
            tracing::error!(
                redis_had = marker,
                published = expected,
                floor,
                "Redis lost events the relay cannot publish again; clients resuming from before the floor get resync"
            );
        }
        let _: () = redis::cmd("EVAL")
            .arg(RAISE)
            .arg(1)
            .arg(layout.published_key())
            .arg(expected)
            .query_async(&mut conn)
            .await?;
        if replayed > 0 {
            tracing::warn!(
                replayed,
                redis_had = marker,
                "Redis lost events; republished the kept window"
            );
            metrics::counter!("outbox_events_replayed_total").increment(replayed as u64);
        }
        Ok(())
    }

    async fn wait_for_work(&self, conn: &mut AsyncPgConnection) {
        let mut notifications = std::pin::pin!(conn.notifications_stream());
        let _ = tokio::time::timeout(self.config.poll_interval, notifications.next()).await;
        // Drain what else arrived: one wake-up covers them all.
        while let Some(Some(_)) = notifications.next().now_or_never() {}
    }

    /// One pipeline for the whole batch; `Marker::Raise` records its last
    /// sequence as published (a plain `SET`: batches go out in order), and a
    /// republished window leaves the marker to the repair. Returns the
    /// partitions it published to (each now has a floor).
    async fn publish(&self, batch: &[OutboxRow], marker: Marker) -> Result<Vec<u16>> {
        let layout = &self.config.layout;
        let mut pipe = redis::pipe();
        pipe.ignore_errors();
        let mut floors: Vec<u16> = Vec::new();
        for row in batch {
            for (partition, users) in layout.split(&row.recipients) {
                if !floors.contains(&partition) {
                    floors.push(partition);
                    pipe.cmd("SET")
                        .arg(layout.floor_key(partition))
                        .arg(row.seq)
                        .arg("NX");
                }
                pipe.cmd("XADD")
                    .arg(layout.stream_key(partition))
                    .arg("MAXLEN")
                    .arg("~")
                    .arg(self.config.stream_maxlen)
                    .arg(stream_id(row.seq))
                    .arg(FIELD_TYPE)
                    .arg(&row.event_type)
                    .arg(FIELD_RECIPIENTS)
                    .arg(encode_recipients(&users))
                    .arg(FIELD_DATA)
                    .arg(&row.payload);
            }
        }
        if let (Marker::Raise, Some(last)) = (marker, batch.last()) {
            pipe.cmd("SET").arg(layout.published_key()).arg(last.seq);
        }
        let mut conn = self.redis.clone();
        let results: Vec<redis::RedisResult<redis::Value>> = pipe.query_async(&mut conn).await?;
        for result in results {
            if let Err(e) = result {
                // Already published by a previous leader: exactly what we want.
                if !e.to_string().contains("equal or smaller") {
                    return Err(e.into());
                }
            }
        }
        Ok(floors)
    }
}

/// What the leader keeps between rounds.
struct Leading {
    /// The sequence number the next numbered row gets.
    next_seq: i64,
    /// What Redis must hold: everything up to here was published (numbered
    /// rows still in the outbox may not have been).
    published_through: i64,
    /// Rows numbered by a previous leader (or a failed round) that may not have
    /// reached Redis: read again before numbering more.
    backlog: bool,
    /// Whether Redis may have lost what was published: checked with its floors
    /// on taking the lead, when idle and after every failure.
    check_redis: bool,
    /// The batches of the last `replay_window`, to publish again after a loss.
    recent: Recent,
    /// Partitions whose floor key this leader has seen in Redis: one that
    /// vanishes means Redis lost data. (A partition nobody has been sent
    /// anything in has no floor, and that is no loss.)
    floors_seen: Vec<bool>,
    backoff: Duration,
    /// Outbox ids of the batch just published: deleted by the statement that
    /// numbers the next one (one round trip and one commit per cycle).
    published: Vec<i64>,
    vacuumed: std::time::Instant,
    deleted_since_vacuum: usize,
    backlog_sampled: Option<std::time::Instant>,
}

impl Leading {
    async fn start(conn: &mut AsyncPgConnection, layout: &StreamLayout) -> Result<Self> {
        Ok(Self {
            next_seq: last_seq(conn).await? + 1,
            published_through: published_through(conn).await?,
            backlog: true,
            check_redis: true,
            recent: Recent::default(),
            floors_seen: vec![false; usize::from(layout.partitions())],
            backoff: Duration::from_millis(100),
            published: Vec::new(),
            vacuumed: std::time::Instant::now(),
            deleted_since_vacuum: 0,
            backlog_sampled: None,
        })
    }

    async fn vacuum_if_due(&mut self, conn: &mut AsyncPgConnection) -> Result<()> {
        if self.deleted_since_vacuum > 0 && self.vacuumed.elapsed() >= VACUUM_EVERY {
            vacuum(conn).await?;
            (self.vacuumed, self.deleted_since_vacuum) = (std::time::Instant::now(), 0);
        }
        Ok(())
    }

    async fn sample_backlog_if_due(&mut self, conn: &mut AsyncPgConnection) -> Result<()> {
        if self
            .backlog_sampled
            .is_some_and(|at| at.elapsed() < BACKLOG_SAMPLE_EVERY)
        {
            return Ok(());
        }
        let waiting = outbox_rows(conn).await?;
        metrics::gauge!("outbox_backlog_events").set(waiting as f64);
        self.backlog_sampled = Some(std::time::Instant::now());
        Ok(())
    }

    /// The backlog first; else the next rows numbered, in the statement that
    /// also deletes the batch published last round.
    async fn next_batch(
        &mut self,
        conn: &mut AsyncPgConnection,
        batch_size: i64,
    ) -> Result<Vec<OutboxRow>> {
        if self.backlog {
            if !self.published.is_empty() {
                delete_published(conn, &std::mem::take(&mut self.published)).await?;
            }
            let batch = numbered_unpublished(conn, batch_size).await?;
            if !batch.is_empty() {
                return Ok(batch);
            }
            self.backlog = false;
        }
        let numbering = std::time::Instant::now();
        let batch = number_next(
            conn,
            self.next_seq,
            batch_size,
            &std::mem::take(&mut self.published),
        )
        .await?;
        metrics::histogram!("outbox_number_seconds").record(numbering.elapsed().as_secs_f64());
        if let Some(last) = batch.last() {
            self.next_seq = last.seq + 1;
        }
        Ok(batch)
    }

    /// Records a batch Redis now holds.
    fn published(&mut self, batch: Vec<OutboxRow>, partitions: &[u16], window: Duration) {
        for &partition in partitions {
            self.floors_seen[usize::from(partition)] = true;
        }
        self.published = batch.iter().map(|r| r.id).collect();
        if let Some(last) = batch.last() {
            self.published_through = self.published_through.max(last.seq);
        }
        self.deleted_since_vacuum += self.published.len();
        self.recent.keep(batch, window);
        self.backoff = Duration::from_millis(100);
    }

    async fn back_off(&mut self) {
        tokio::time::sleep(self.backoff).await;
        self.backoff = (self.backoff * 2).min(Duration::from_secs(2));
    }
}

/// Whether a publish records its batch in the published marker.
#[derive(Clone, Copy)]
enum Marker {
    Raise,
    Keep,
}

/// Sets a number key to ARGV[1] unless it already holds more.
const RAISE: &str = r"
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 0
";

/// The last sequence number certainly published: the one before the oldest
/// numbered row still in the outbox (rows are deleted once Redis has them),
/// or the last one numbered.
async fn published_through(conn: &mut AsyncPgConnection) -> Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Through {
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    let row: Through = diesel::sql_query(
        "SELECT coalesce((SELECT min(seq) - 1 FROM outbox WHERE seq IS NOT NULL),
                         (SELECT last_seq FROM outbox_relay)) AS seq",
    )
    .get_result(conn)
    .await?;
    Ok(row.seq)
}

async fn try_lock(conn: &mut AsyncPgConnection) -> Result<bool> {
    #[derive(diesel::QueryableByName)]
    struct Locked {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        locked: bool,
    }
    let row: Locked = diesel::sql_query(format!(
        "SELECT pg_try_advisory_lock({LEADER_LOCK}) AS locked"
    ))
    .get_result(conn)
    .await?;
    Ok(row.locked)
}

async fn last_seq(conn: &mut AsyncPgConnection) -> Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Last {
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    let row: Last = diesel::sql_query("SELECT last_seq AS seq FROM outbox_relay")
        .get_result(conn)
        .await?;
    Ok(row.seq)
}

const COLUMNS: &str =
    "outbox.id, outbox.seq, outbox.event_type, outbox.recipients, outbox.payload::text AS payload";
const WAITED: &str = "extract(epoch FROM clock_timestamp() - outbox.created_at)::float8 AS waited";

async fn numbered_unpublished(conn: &mut AsyncPgConnection, limit: i64) -> Result<Vec<OutboxRow>> {
    Ok(diesel::sql_query(format!(
        "SELECT {COLUMNS}, {WAITED} FROM outbox WHERE seq IS NOT NULL ORDER BY seq LIMIT $1"
    ))
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?)
}

/// The deliveries each newly numbered event owes outgoing webhooks
/// (the `webhooks` module): one per enabled subscription whose types name it and
/// whose owner it concerns (a user among its recipients; a group by its
/// `group_id`, or by `conversation_id` for the group's messages). Written with
/// the numbering, so a delivery exists exactly when its event is published.
/// Each of the three owners is looked up by its index, so the cost grows with
/// the subscriptions an event matches, not with how many there are; with no
/// enabled subscription the `EXISTS` fails once and nothing is looked up.
/// An event that happened before the subscription was made is not its own,
/// however late the relay numbers it.
const WEBHOOK_DELIVERIES: &str = "webhook_deliveries AS (
             INSERT INTO webhook_deliveries (subscription_id, event_seq, event_type, payload)
             SELECT s.id, next.seq, o.event_type, o.payload
             FROM next
             JOIN outbox o ON o.id = next.id
             CROSS JOIN LATERAL (
                 SELECT id, event_types, disabled_at, created_at FROM webhook_subscriptions
                 WHERE user_id = ANY (o.recipients)
                 UNION ALL
                 SELECT id, event_types, disabled_at, created_at FROM webhook_subscriptions
                 WHERE group_id = (o.payload ->> 'group_id')::uuid
                 UNION ALL
                 SELECT id, event_types, disabled_at, created_at FROM webhook_subscriptions
                 WHERE conversation_id = (o.payload ->> 'conversation_id')::uuid
             ) AS s
             WHERE s.disabled_at IS NULL
               AND s.created_at <= o.created_at
               AND o.event_type = ANY (s.event_types)
               AND EXISTS (SELECT 1 FROM webhook_subscriptions WHERE disabled_at IS NULL)
             ON CONFLICT DO NOTHING
         )";

/// The pushes new events owe: a message or a notification, to each recipient
/// with a push subscription (not a message's author, not a member who has the
/// conversation muted as it happens). Whether each is still owed when sent
/// (levels, mutes, a tab showing) is the push worker's to decide
/// (`push::deliver`). Push subscriptions are few next to recipients, so the
/// join starts from them.
const PUSH_DELIVERIES: &str = "push_deliveries AS (
             INSERT INTO push_deliveries (subscription_id, user_id, event_type, payload)
             SELECT ps.id, ps.user_id, o.event_type, o.payload
             FROM next
             JOIN outbox o ON o.id = next.id
             JOIN push_subscriptions ps ON ps.user_id = ANY (o.recipients)
             WHERE o.event_type IN ('message.created', 'notification.created')
               AND (o.event_type <> 'message.created' OR o.payload ->> 'thread_id' IS NULL)
               AND ps.user_id IS DISTINCT FROM (o.payload ->> 'author_id')::uuid
               AND NOT EXISTS (
                   SELECT 1 FROM conversation_members cm
                   WHERE cm.user_id = ps.user_id
                     AND cm.conversation_id = COALESCE(
                         (o.payload ->> 'conversation_id')::uuid,
                         (o.payload -> 'data' ->> 'conversation_id')::uuid)
                     AND cm.muted AND (cm.muted_until IS NULL OR cm.muted_until > now()))
               AND EXISTS (SELECT 1 FROM push_subscriptions)
         )";

/// Deletes the rows of the batch Redis now has (`published`), numbers the
/// oldest unnumbered rows `first_seq, first_seq + 1, ...` in id order, and
/// records the last number given, and writes the webhook deliveries and pushes
/// the new events owe, in one statement. Its commit is durable, as
/// numbering must be; a delete lost in a crash would only leave numbered rows,
/// which the next leader publishes again under the same ids (Redis refuses them).
async fn number_next(
    conn: &mut AsyncPgConnection,
    first_seq: i64,
    limit: i64,
    published: &[i64],
) -> Result<Vec<OutboxRow>> {
    let mut rows: Vec<OutboxRow> = diesel::sql_query(format!(
        "WITH published AS (
             DELETE FROM outbox WHERE id = ANY($3)
         ), next AS (
             SELECT id, $1 + row_number() OVER (ORDER BY id) - 1 AS seq
             FROM (SELECT id FROM outbox WHERE seq IS NULL ORDER BY id LIMIT $2) AS oldest
         )
         , numbered AS (
             UPDATE outbox SET seq = next.seq FROM next WHERE outbox.id = next.id
             RETURNING {COLUMNS}, {WAITED}
         ), recorded AS (
             UPDATE outbox_relay SET last_seq = (SELECT max(seq) FROM numbered)
             WHERE EXISTS (SELECT 1 FROM numbered)
         ), {WEBHOOK_DELIVERIES}, {PUSH_DELIVERIES}
         SELECT * FROM numbered"
    ))
    .bind::<BigInt, _>(first_seq)
    .bind::<BigInt, _>(limit)
    .bind::<diesel::sql_types::Array<BigInt>, _>(published)
    .load(conn)
    .await?;
    rows.sort_by_key(|r| r.seq);
    Ok(rows)
}

/// Deletes what Redis now has, when no numbering follows to do it (before
/// publishing a backlog).
async fn delete_published(conn: &mut AsyncPgConnection, ids: &[i64]) -> Result<()> {
    diesel::sql_query("DELETE FROM outbox WHERE id = ANY($1)")
        .bind::<diesel::sql_types::Array<BigInt>, _>(ids)
        .execute(conn)
        .await?;
    Ok(())
}

/// Rows in the outbox (up to [`BACKLOG_COUNT_CAP`]): events not yet in Redis,
/// plus at most the batch published last round, which the next numbering deletes.
async fn outbox_rows(conn: &mut AsyncPgConnection) -> Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let count: Count =
        diesel::sql_query("SELECT count(*) AS n FROM (SELECT 1 FROM outbox LIMIT $1) AS waiting")
            .bind::<BigInt, _>(BACKLOG_COUNT_CAP)
            .get_result(conn)
            .await?;
    Ok(count.n)
}

/// See [`VACUUM_EVERY`]. Not in a transaction (`VACUUM` cannot be).
async fn vacuum(conn: &mut AsyncPgConnection) -> Result<()> {
    let vacuuming = std::time::Instant::now();
    diesel::sql_query("VACUUM outbox").execute(conn).await?;
    metrics::histogram!("outbox_vacuum_seconds").record(vacuuming.elapsed().as_secs_f64());
    Ok(())
}

/// The leader's memory of what it published lately, oldest first.
#[derive(Default)]
struct Recent {
    batches: std::collections::VecDeque<(std::time::Instant, Vec<OutboxRow>)>,
}

impl Recent {
    fn keep(&mut self, batch: Vec<OutboxRow>, window: Duration) {
        self.batches.push_back((std::time::Instant::now(), batch));
        self.forget_older_than(window);
    }

    /// The oldest sequence number kept.
    fn first_seq(&self) -> Option<i64> {
        self.batches
            .front()
            .and_then(|(_, batch)| <[OutboxRow]>::first(batch))
            .map(|row| row.seq)
    }

    fn forget_older_than(&mut self, window: Duration) {
        while self
            .batches
            .front()
            .is_some_and(|(at, _)| at.elapsed() > window)
        {
            self.batches.pop_front();
        }
    }
}

/// Tells the leading relay (in whichever process) that events were committed.
/// Wake-ups that arrive while one is being sent are folded into the next, so a
/// burst of commits costs one `NOTIFY`, and none is sent inside the transactions
/// themselves (a `NOTIFY` serialises commits on a global lock).
#[derive(Clone)]
pub struct OutboxWaker {
    notify: Arc<Notify>,
}

impl OutboxWaker {
    pub fn spawn(pool: DbPool) -> Self {
        let notify = Arc::new(Notify::new());
        let waiting = notify.clone();
        tokio::spawn(async move {
            loop {
                waiting.notified().await;
                let sent = async {
                    let mut conn = pool.get().await?;
                    diesel::sql_query(format!("NOTIFY {CHANNEL}"))
                        .execute(&mut conn)
                        .await?;
                    Ok::<_, Error>(())
                };
                if let Err(e) = sent.await {
                    // The relay's poll picks the events up anyway.
                    tracing::debug!(error = %e, "outbox wake-up not sent");
                }
            }
        });
        Self { notify }
    }

    pub fn wake(&self) {
        self.notify.notify_one();
    }
}
