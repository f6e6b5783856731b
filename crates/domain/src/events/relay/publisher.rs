//! A publishing leader: one shard's partitions, each locked by it alone.
//!
//! Each cycle it takes the next numbered rows after where its partitions are
//! published, in `seq` order: as the numbering leader hands them over when it
//! runs in this process, else read from the outbox. In one pipeline it `XADD`s
//! each row into each of its partitions holding a recipient (trimming each
//! stream to a bounded length), sets a partition's floor the first time it
//! writes to it, and records in each partition's marker key how far that
//! partition is published. Every [`RECORD_EVERY`], and when idle, one
//! statement records its progress in Postgres and deletes the rows every
//! partition of the layout is past.
//!
//! Before every publish it compares the markers with the progress it knows
//! (from Postgres when it took the lead): Redis that restarted without its data
//! (a floor it saw is gone) or came back stale (a marker is behind) has the
//! kept window (`replay_window`) published again, with the same ids; what the
//! window does not reach back to gets the partition's floor raised past it, so a
//! client resuming from inside the gap gets `resync`, never silence. While
//! Redis is down a publish fails and is retried with backoff; changes keep
//! committing and numbering, and their events go out in order once it is back.

use super::outbox::{self, OutboxRow, Rows};
use super::{Handoff, RelayConfig};
use crate::error::Result;
use crate::events::stream::{
    FIELD_DATA, FIELD_RECIPIENTS, FIELD_TYPE, StreamLayout, encode_recipients, stream_id,
};
use crate::redis::SharedRedis;
use deadpool_redis::redis;
use diesel::sql_types::{Array, Bool, Integer};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::{FutureExt, StreamExt};
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch};

/// The advisory lock class of a partition; the key is the layout's partition
/// count and the partition (`partitions << 16 | partition`).
const PARTITION_LOCK_CLASS: i32 = 0x0C0F_AB03;
/// How often progress is recorded in Postgres while publishing (and the rows
/// every partition is past deleted). Between records, a successor would only
/// publish again what Redis already has.
const RECORD_EVERY: Duration = Duration::from_millis(100);

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

pub(super) struct Publisher {
    config: RelayConfig,
    redis: SharedRedis,
    conn: AsyncPgConnection,
    shard: u16,
    handoff: Handoff,
    /// Batches handed over by the numbering leader, not yet published.
    handed: broadcast::Receiver<Arc<Rows>>,
    pending: VecDeque<Arc<Rows>>,
    partitions: Vec<u16>,
    /// Per partition (as `partitions`): every numbered row up to here is in its
    /// stream, and its marker in Redis must say at least this.
    through: Vec<i64>,
    /// What Postgres has of `through` (its smallest), and when it was recorded.
    recorded: i64,
    recorded_at: Instant,
    /// Rows this publisher went past, (seq, id), not yet known deleted: each
    /// is deleted by whichever publisher records progress past it last.
    unpurged: Vec<(i64, i64)>,
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
    handoff: &Handoff,
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
    outbox::listen_for_numbered(&mut conn).await?;
    let handed = handoff.subscribe();
    let through = outbox::start_progress(&mut conn, &config.layout, &partitions).await?;
    tracing::info!(shard, ?partitions, "outbox relay publishing");
    Ok(Acquired::Leading(Box::new(Publisher {
        config: config.clone(),
        redis: redis.clone(),
        conn: *conn,
        shard,
        handoff: handoff.clone(),
        handed,
        pending: VecDeque::new(),
        recorded: through.iter().copied().min().unwrap_or(0),
        recorded_at: Instant::now(),
        unpurged: Vec::new(),
        floors_seen: vec![false; partitions.len()],
        through,
        partitions,
        check_redis: true,
        recent: Recent::default(),
        backoff: Duration::from_millis(100),
    })))
}

impl Publisher {
    /// Publishes until told to stop (its shard moves to another process) or
    /// an error; closing the connection then lets go of the partitions.
    pub(super) async fn run(mut self, stop: watch::Receiver<bool>) -> Result<()> {
        self.handoff.publisher_at(self.shard, Some(self.from()));
        let ran = self.publish_until_stopped(stop).await;
        self.handoff.publisher_at(self.shard, None);
        ran
    }

    async fn publish_until_stopped(&mut self, mut stop: watch::Receiver<bool>) -> Result<()> {
        loop {
            if *stop.borrow() {
                // Record where this shard got, for whoever takes it next.
                return self.record_progress().await;
            }
            if self.recorded_at.elapsed() >= RECORD_EVERY {
                self.record_progress().await?;
            }
            let batch = self.next_batch().await?;
            if (self.check_redis || !batch.is_empty()) && !self.redis_is_whole().await {
                continue;
            }
            let Some(last) = batch.last().map(|row| row.seq) else {
                self.record_progress().await?;
                self.wait_for_work(&mut stop).await;
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

    /// The next rows after `from`: from what was handed over when it carries
    /// on from there, else read from the outbox (up to the first handed-over
    /// batch, if any).
    async fn next_batch(&mut self) -> Result<Rows> {
        // Read before draining: a batch numbered after this is handed over.
        let numbered_here = self.handoff.numbered_here();
        loop {
            match self.handed.try_recv() {
                Ok(batch) => self.pending.push_back(batch),
                // Those were dropped: read from the outbox instead.
                Err(broadcast::error::TryRecvError::Lagged(_)) => {}
                Err(_) => break,
            }
        }
        let from = self.from();
        while self
            .pending
            .front()
            .is_some_and(|b| b.last().is_none_or(|row| row.seq <= from))
        {
            self.pending.pop_front();
        }
        let before = match self.pending.front() {
            Some(batch) if batch[0].seq <= from + 1 => {
                let batch = self.pending.pop_front().unwrap_or_default();
                return Ok(batch.iter().filter(|row| row.seq > from).cloned().collect());
            }
            Some(batch) => batch[0].seq,
            // Numbering runs here and everything it numbered was handed over:
            // the outbox has nothing more (a read would be a scan for nothing).
            None if numbered_here.is_some_and(|last| from >= last) => return Ok(Vec::new()),
            None => i64::MAX,
        };
        outbox::numbered_between(&mut self.conn, from, before, self.config.batch_size).await
    }

    /// Records the progress made, and deletes the rows every partition is past.
    async fn record_progress(&mut self) -> Result<()> {
        self.recorded_at = Instant::now();
        let through = self.from();
        if through == self.recorded && self.unpurged.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = self.unpurged.iter().map(|&(_, id)| id).collect();
        let horizon = outbox::record_progress(
            &mut self.conn,
            &self.config.layout,
            &self.partitions,
            through,
            &ids,
        )
        .await?;
        self.recorded = through;
        self.unpurged.retain(|&(seq, _)| seq > horizon);
        Ok(())
    }

    async fn wait_for_work(&mut self, stop: &mut watch::Receiver<bool>) {
        let poll = self.config.poll_interval;
        // Fused: the stream ends when the connection does, and is polled
        // again below; the next statement then fails and the relay reconnects.
        let mut notifications = std::pin::pin!(self.conn.notifications_stream().fuse());
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = notifications.next() => {}
            handed = self.handed.recv() => {
                if let Ok(batch) = handed {
                    self.pending.push_back(batch);
                }
            }
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
    async fn publish_batch(&mut self, batch: Rows, last: i64) {
        let first = self.from() + 1;
        let passed: Vec<(i64, i64)> = batch.iter().map(|row| (row.seq, row.id)).collect();
        let mine: Rows = batch
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
        match self.publish(&mine, Some(last)).await {
            Ok(()) => {
                metrics::histogram!("outbox_publish_seconds")
                    .record(publishing.elapsed().as_secs_f64());
                metrics::counter!("outbox_events_published_total").increment(mine.len() as u64);
                self.through.iter_mut().for_each(|t| *t = (*t).max(last));
                self.handoff.publisher_at(self.shard, Some(self.from()));
                self.unpurged.extend(passed);
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
    async fn publish(&mut self, rows: &[Arc<OutboxRow>], marker: Option<i64>) -> Result<()> {
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
    rows: Rows,
}

/// The publisher's memory of what it published lately, oldest first.
#[derive(Default)]
struct Recent {
    batches: VecDeque<Kept>,
}

impl Recent {
    fn keep(&mut self, first_seq: i64, rows: Rows, window: Duration) {
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
