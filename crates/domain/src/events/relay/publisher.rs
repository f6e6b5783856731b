//! A publishing leader: one shard's partitions, each locked by it alone.
//!
//! Each cycle it reads the numbered outbox rows past where its partitions are
//! published, in `seq` order, and in one pipeline `XADD`s each row into each of
//! its partitions holding a recipient (trimming each stream to a bounded
//! length), sets a partition's floor the first time it writes to it, and
//! records in each partition's marker key how far that partition is published.
//! The statement that reads the next batch also records the progress in
//! Postgres and deletes the rows every partition of the layout is past.
//!
//! Before every publish it compares the markers with the progress it knows
//! (from Postgres when it took the lead): Redis that restarted without its data
//! (a floor it saw is gone) or came back stale (a marker is behind) has the
//! kept window (`replay_window`) published again, with the same ids; what the
//! window does not reach back to gets the partition's floor raised past it, so a
//! client resuming from inside the gap gets `resync`, never silence. While
//! Redis is down a publish fails and is retried with backoff; changes keep
//! committing and numbering, and their events go out in order once it is back.

use super::RelayConfig;
use super::numbering::listen_for_numbered;
use crate::error::Result;
use crate::events::stream::{
    FIELD_DATA, FIELD_RECIPIENTS, FIELD_TYPE, StreamLayout, encode_recipients, stream_id,
};
use crate::redis::SharedRedis;
use deadpool_redis::redis;
use diesel::sql_types::{Array, BigInt, Bool, Double, Integer, SmallInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::{FutureExt, StreamExt};
use std::collections::VecDeque;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use uuid::Uuid;

/// The advisory lock class of a partition; the key is the layout's partition
/// count and the partition (`partitions << 16 | partition`).
const PARTITION_LOCK_CLASS: i32 = 0x0C0F_AB03;

/// One shard's share of the partitions: every `shards`-th, from `shard`.
pub(super) fn partitions_of(layout: &StreamLayout, shards: u16, shard: u16) -> Vec<u16> {
    (0..layout.partitions())
        .filter(|p| p % shards == shard)
        .collect()
}

fn lock_key(layout: &StreamLayout, partition: u16) -> i32 {
    // Bit for bit: every u16 pair gives its own key.
    ((u32::from(layout.partitions()) << 16) | u32::from(partition)) as i32
}

/// What trying to lead a shard gave.
pub(super) enum Acquired {
    Leading(Box<Publisher>),
    /// Another process holds (some of) its partitions. The connection, when it
    /// holds no lock, is given back for the next try.
    Busy(Option<Box<AsyncPgConnection>>),
}

#[derive(diesel::QueryableByName)]
struct OutboxRow {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Array<diesel::sql_types::Uuid>)]
    recipients: Vec<Uuid>,
    #[diesel(sql_type = Text)]
    payload: String,
    /// Seconds since the change's transaction began: how long the event waited
    /// to be published (the `outbox_event_wait_seconds` metric).
    #[diesel(sql_type = Double)]
    waited: f64,
}

pub(super) struct Publisher {
    config: RelayConfig,
    redis: SharedRedis,
    conn: AsyncPgConnection,
    partitions: Vec<u16>,
    /// Per partition (as `partitions`): every numbered row up to here is in its
    /// stream, and its marker in Redis must say at least this.
    through: Vec<i64>,
    /// Partitions whose floor key this leader has seen in Redis: one that
    /// vanishes means Redis lost data. (A partition nobody has been sent
    /// anything in has no floor, and that is no loss.)
    floors_seen: Vec<bool>,
    /// Whether Redis may have lost what was published: checked with its floors
    /// on taking the lead, when idle and after every failure.
    check_redis: bool,
    recent: Recent,
    backoff: Duration,
}

/// Tries to lock every partition of `shard`; on success, prepares to publish
/// them from where they were published.
pub(super) async fn acquire(
    mut conn: Box<AsyncPgConnection>,
    config: &RelayConfig,
    redis: &SharedRedis,
    shard: u16,
) -> Result<Acquired> {
    #[derive(diesel::QueryableByName)]
    struct Locked {
        #[diesel(sql_type = Bool)]
        locked: bool,
    }
    let partitions = partitions_of(&config.layout, config.shards, shard);
    let keys: Vec<i32> = partitions
        .iter()
        .map(|&p| lock_key(&config.layout, p))
        .collect();
    let locked: Vec<Locked> = diesel::sql_query(format!(
        "SELECT pg_try_advisory_lock({PARTITION_LOCK_CLASS}, key) AS locked FROM unnest($1::int4[]) AS key"
    ))
    .bind::<Array<Integer>, _>(&keys)
    .load(&mut *conn)
    .await?;
    let held = locked.iter().filter(|l| l.locked).count();
    if held < partitions.len() {
        // Closing the connection lets go of the locks it did get.
        return Ok(Acquired::Busy((held == 0).then_some(conn)));
    }
    diesel::sql_query("SET synchronous_commit TO off")
        .execute(&mut *conn)
        .await?;
    listen_for_numbered(&mut conn).await?;
    let through = start_progress(&mut conn, &config.layout, &partitions).await?;
    tracing::info!(shard, ?partitions, "outbox relay publishing");
    Ok(Acquired::Leading(Box::new(Publisher {
        config: config.clone(),
        redis: redis.clone(),
        conn: *conn,
        floors_seen: vec![false; partitions.len()],
        through,
        partitions,
        check_redis: true,
        recent: Recent::default(),
        backoff: Duration::from_millis(100),
    })))
}

/// Each partition's progress, after giving the ones that have none (a new
/// install, a new layout, the first start after an upgrade) the point every
/// partition is certainly past: rows are deleted only once all are, so that
/// is just before the oldest numbered row left, or the last one numbered.
/// Progress is committed asynchronously (`synchronous_commit` is off on this
/// connection): one lost in a crash only has rows published again, which
/// Redis refuses, and the delete that trusts it commits durably after it.
async fn start_progress(
    conn: &mut AsyncPgConnection,
    layout: &StreamLayout,
    partitions: &[u16],
) -> Result<Vec<i64>> {
    #[derive(diesel::QueryableByName)]
    struct Progress {
        #[diesel(sql_type = SmallInt)]
        partition_index: i16,
        #[diesel(sql_type = BigInt)]
        published_through: i64,
    }
    let count = layout.partitions() as i16;
    let mine: Vec<i16> = partitions.iter().map(|&p| p as i16).collect();
    diesel::sql_query(
        "INSERT INTO outbox_relay_progress (partitions, partition_index, published_through)
         SELECT $1, p, coalesce((SELECT min(seq) - 1 FROM outbox WHERE seq IS NOT NULL),
                                (SELECT last_seq FROM outbox_relay))
         FROM unnest($2::int2[]) AS p
         ON CONFLICT DO NOTHING",
    )
    .bind::<SmallInt, _>(count)
    .bind::<Array<SmallInt>, _>(&mine)
    .execute(conn)
    .await?;
    let rows: Vec<Progress> = diesel::sql_query(
        "SELECT partition_index, published_through FROM outbox_relay_progress
         WHERE partitions = $1 AND partition_index = ANY($2)",
    )
    .bind::<SmallInt, _>(count)
    .bind::<Array<SmallInt>, _>(&mine)
    .load(conn)
    .await?;
    Ok(mine
        .iter()
        .map(|p| {
            rows.iter()
                .find(|r| r.partition_index == *p)
                .map_or(0, |r| r.published_through)
        })
        .collect())
}

const COLUMNS: &str =
    "outbox.seq, outbox.event_type, outbox.recipients, outbox.payload::text AS payload";
const WAITED: &str = "extract(epoch FROM clock_timestamp() - outbox.created_at)::float8 AS waited";

impl Publisher {
    /// Publishes until told to stop (its shard moves to another process) or
    /// an error; closing the connection then lets go of the partitions.
    pub(super) async fn run(
        mut self,
        mut stop: watch::Receiver<bool>,
        mut numbered: watch::Receiver<i64>,
    ) -> Result<()> {
        loop {
            if *stop.borrow() {
                // Record where this shard got, for whoever takes it next.
                self.next_batch(0).await?;
                return Ok(());
            }
            let batch = self.next_batch(self.config.batch_size).await?;
            if (self.check_redis || !batch.is_empty()) && !self.redis_is_whole().await {
                continue;
            }
            let Some(last) = batch.last().map(|row| row.seq) else {
                self.wait_for_work(&mut stop, &mut numbered).await;
                // Idle: look again after the wait, so a Redis that came back
                // stale is repaired before anyone resumes from it.
                self.check_redis = true;
                continue;
            };
            self.publish_batch(batch, last).await;
        }
    }

    fn from(&self) -> i64 {
        self.through.iter().copied().min().unwrap_or(0)
    }

    /// Records the progress made since the last call, deletes the rows every
    /// partition of the layout is past, and reads up to `limit` rows after
    /// this shard's progress: one statement.
    async fn next_batch(&mut self, limit: i64) -> Result<Vec<OutboxRow>> {
        let through = self.from();
        let mine: Vec<i16> = self.partitions.iter().map(|&p| p as i16).collect();
        let rows: Vec<OutboxRow> = diesel::sql_query(format!(
            "WITH progressed AS (
                 UPDATE outbox_relay_progress SET published_through = $3
                 WHERE partitions = $1 AND partition_index = ANY($2) AND published_through < $3
             ), published AS (
                 DELETE FROM outbox WHERE seq <= (
                     SELECT min(CASE WHEN partition_index = ANY($2)
                                     THEN greatest(published_through, $3)
                                     ELSE published_through END)
                     FROM outbox_relay_progress WHERE partitions = $1
                     HAVING count(*) = $1)
             )
             SELECT {COLUMNS}, {WAITED} FROM outbox
             WHERE seq > $4 ORDER BY seq LIMIT $5"
        ))
        .bind::<SmallInt, _>(self.config.layout.partitions() as i16)
        .bind::<Array<SmallInt>, _>(&mine)
        .bind::<BigInt, _>(through)
        .bind::<BigInt, _>(through)
        .bind::<BigInt, _>(limit)
        .load(&mut self.conn)
        .await?;
        Ok(rows)
    }

    async fn wait_for_work(
        &mut self,
        stop: &mut watch::Receiver<bool>,
        numbered: &mut watch::Receiver<i64>,
    ) {
        let poll = self.config.poll_interval;
        let mut notifications = std::pin::pin!(self.conn.notifications_stream());
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = notifications.next() => {}
            _ = numbered.changed() => {}
            _ = stop.changed() => {}
        }
        // Drain what else arrived: one wake-up covers them all.
        while let Some(Some(_)) = notifications.next().now_or_never() {}
    }

    /// Checks Redis before a publish (the markers) or, on taking the lead,
    /// when idle and after a failure, the floors too; repairs what it lost.
    /// False after a failure (already waited out): the caller starts over.
    async fn redis_is_whole(&mut self) -> bool {
        match self.repair_if_stale().await {
            Ok(()) => {
                self.check_redis = false;
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "checking Redis for lost events failed; will retry");
                self.back_off().await;
                false
            }
        }
    }

    /// Publishes the batch and records it, or arranges for it to be retried.
    async fn publish_batch(&mut self, batch: Vec<OutboxRow>, last: i64) {
        let mine: Vec<OutboxRow> = batch
            .into_iter()
            .filter(|row| {
                row.recipients
                    .iter()
                    .any(|u| self.is_mine(self.config.layout.partition_of(*u)))
            })
            .collect();
        for row in &mine {
            metrics::histogram!("outbox_event_wait_seconds").record(row.waited);
        }
        let publishing = Instant::now();
        let first = self.from() + 1;
        match self.publish(&mine, Some(last)).await {
            Ok(()) => {
                metrics::histogram!("outbox_publish_seconds")
                    .record(publishing.elapsed().as_secs_f64());
                metrics::counter!("outbox_events_published_total").increment(mine.len() as u64);
                self.through.iter_mut().for_each(|t| *t = (*t).max(last));
                self.recent.keep(first, mine, self.config.replay_window);
                self.backoff = Duration::from_millis(100);
            }
            Err(e) => {
                tracing::warn!(error = %e, pending = mine.len(), "publishing events failed; will retry");
                metrics::counter!("outbox_publish_failures_total").increment(1);
                self.check_redis = true;
                self.back_off().await;
            }
        }
    }

    fn index_of(&self, partition: u16) -> Option<usize> {
        self.partitions.iter().position(|&p| p == partition)
    }

    fn is_mine(&self, partition: u16) -> bool {
        self.index_of(partition).is_some()
    }

    /// One pipeline for the batch: each row into each of this shard's
    /// partitions with a recipient it has not had yet (all of them when
    /// republishing a window, `marker` None: Redis refuses the ones it has).
    /// With `marker`, every partition's marker is set to it (a plain `SET`:
    /// batches go out in order), and with one shard, the layout's marker too,
    /// which releases before per-partition markers read.
    async fn publish(&mut self, rows: &[OutboxRow], marker: Option<i64>) -> Result<()> {
        let layout = &self.config.layout;
        let mut pipe = redis::pipe();
        pipe.ignore_errors();
        let mut floors: Vec<u16> = Vec::new();
        for row in rows {
            for (partition, users) in layout.split(&row.recipients) {
                let Some(i) = self.index_of(partition) else {
                    continue;
                };
                if marker.is_some() && row.seq <= self.through[i] {
                    continue;
                }
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
        if let Some(last) = marker {
            for &partition in &self.partitions {
                pipe.cmd("SET").arg(layout.marker_key(partition)).arg(last);
            }
            if self.partitions.len() == usize::from(layout.partitions()) {
                pipe.cmd("SET").arg(layout.published_key()).arg(last);
            }
        }
        let results: Vec<redis::RedisResult<redis::Value>> =
            pipe.query_async(&mut self.redis).await?;
        for result in results {
            if let Err(e) = result {
                // Already published by a previous leader: exactly what we want.
                if !e.to_string().contains("equal or smaller") {
                    return Err(e.into());
                }
            }
        }
        for partition in floors {
            if let Some(i) = self.index_of(partition) {
                self.floors_seen[i] = true;
            }
        }
        Ok(())
    }

    /// Compares what Redis says was published in each partition with what
    /// was (`through`). A partition whose floor key (seen before) is missing
    /// restarted empty; one whose marker is behind is stale. The kept window is
    /// published again, with the same ids, and where it does not reach back to
    /// what Redis still has, that partition's floor is raised to where its
    /// stream is whole again, so that clients resuming from before it get `resync`.
    async fn repair_if_stale(&mut self) -> Result<()> {
        let layout = self.config.layout.clone();
        let floors_too = self.check_redis;
        let mut pipe = redis::pipe();
        pipe.cmd("GET").arg(layout.published_key());
        for &partition in &self.partitions {
            pipe.cmd("GET").arg(layout.marker_key(partition));
        }
        if floors_too {
            for &partition in &self.partitions {
                pipe.cmd("EXISTS").arg(layout.floor_key(partition));
            }
        }
        let values: Vec<Option<i64>> = pipe.query_async(&mut self.redis).await?;
        let (markers, floors) = values.split_at(1 + self.partitions.len());
        // Releases before per-partition markers kept only the layout's.
        let layout_marker = markers[0].unwrap_or(0);
        let mut stale: Vec<(usize, i64)> = Vec::new();
        for (i, marker) in markers[1..].iter().enumerate() {
            let marker = marker.unwrap_or(0).max(layout_marker);
            let floor_lost = floors_too && self.floors_seen[i] && floors[i] == Some(0);
            if floors_too {
                self.floors_seen[i] = floors[i] == Some(1);
            }
            if marker < self.through[i] || floor_lost {
                stale.push((i, marker));
            }
        }
        if stale.is_empty() {
            return Ok(());
        }
        self.recent.forget_older_than(self.config.replay_window);
        let window = std::mem::take(&mut self.recent.batches);
        let first_kept = window.front().map(|kept| kept.first_seq);
        let mut replayed = 0usize;
        let mut republished = Ok(());
        for kept in &window {
            republished = self.publish(&kept.rows, None).await;
            if republished.is_err() {
                break;
            }
            replayed += kept.rows.len();
        }
        self.recent.batches = window;
        republished?;
        let mut pipe = redis::pipe();
        let mut unreplayable = false;
        for &(i, marker) in &stale {
            let partition = self.partitions[i];
            // The stream is whole from here on: after what Redis kept (its
            // marker), the window covers the rest, or begins later (a gap), or is empty.
            let whole_from = match first_kept {
                Some(first) if first <= marker + 1 => None,
                Some(first) => Some(first),
                None if marker >= self.through[i] => None,
                None => Some(self.through[i] + 1),
            };
            if let Some(floor) = whole_from {
                pipe.cmd("EVAL")
                    .arg(RAISE)
                    .arg(1)
                    .arg(layout.floor_key(partition))
                    .arg(floor)
                    .ignore();
                self.floors_seen[i] = true;
                unreplayable = true;
            }
            pipe.cmd("EVAL")
                .arg(RAISE)
                .arg(1)
                .arg(layout.marker_key(partition))
                .arg(self.through[i])
                .ignore();
        }
        let () = pipe.query_async(&mut self.redis).await?;
        if unreplayable {
            metrics::counter!("outbox_unreplayable_gaps_total").increment(1);
            tracing::error!(
                partitions = stale.len(),
                published = self.from(),
                "Redis lost events the relay cannot publish again; clients resuming from before the floor get resync"
            );
        }
        if replayed > 0 {
            tracing::warn!(replayed, "Redis lost events; republished the kept window");
            metrics::counter!("outbox_events_replayed_total").increment(replayed as u64);
        }
        Ok(())
    }

    async fn back_off(&mut self) {
        tokio::time::sleep(self.backoff).await;
        self.backoff = (self.backoff * 2).min(Duration::from_secs(2));
    }
}

/// Sets a number key to ARGV[1] unless it already holds more.
const RAISE: &str = r"
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 0
";

/// One published batch: this shard's rows of it.
struct Kept {
    at: Instant,
    /// The sequence the batch began after the previous one (its rows may
    /// begin later: the ones before were for other shards).
    first_seq: i64,
    rows: Vec<OutboxRow>,
}

/// The publisher's memory of what it published lately, oldest first.
#[derive(Default)]
struct Recent {
    batches: VecDeque<Kept>,
}

impl Recent {
    fn keep(&mut self, first_seq: i64, rows: Vec<OutboxRow>, window: Duration) {
        self.batches.push_back(Kept {
            at: Instant::now(),
            first_seq,
            rows,
        });
        self.forget_older_than(window);
    }

    fn forget_older_than(&mut self, window: Duration) {
        while self
            .batches
            .front()
            .is_some_and(|b| b.at.elapsed() > window)
        {
            self.batches.pop_front();
        }
    }
}
