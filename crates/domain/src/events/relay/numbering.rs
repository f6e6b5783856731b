//! The numbering leader: gives committed outbox rows their place in the global
//! publish sequence, and writes what each event owes outside Redis (webhook
//! deliveries, pushes) in the same statement, so those exist exactly when the
//! event is numbered. Publishers ([`super::publisher`]) take it from there.

use super::outbox::{self, Rows};
use super::{Handoff, RelayConfig, connect, listen_for_commits};
use crate::error::Result;
use diesel::sql_types::Bool;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::{FutureExt, StreamExt};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The advisory lock that elects the numbering leader (per database).
const LEADER_LOCK: i64 = 0x0C0F_AB00_0002;
/// How long numbering waits for this process's publishers to take the last
/// batch before it numbers the next (they may be stuck on Redis).
const HANDOFF_WAIT: Duration = Duration::from_millis(100);
/// How often the leader vacuums the outbox while it churns. Every event is a
/// row inserted and deleted within milliseconds; autovacuum looks once a minute,
/// and until then new rows go to fresh pages and every scan of the outbox
/// wades through the dead ones.
const VACUUM_EVERY: Duration = Duration::from_secs(5);
/// How often the leader counts the outbox for `outbox_backlog_events`.
const BACKLOG_SAMPLE_EVERY: Duration = Duration::from_secs(5);
/// Counting stops here: past it the alert fires anyway, and a bounded count
/// keeps the sample cheap however far behind the relay is.
const BACKLOG_COUNT_CAP: i64 = 1_000_000;

pub(super) struct Numbering {
    config: RelayConfig,
    /// To this process's publishers: each batch, as numbered.
    handoff: Handoff,
    /// How many shards this process publishes: when it is all of them, no
    /// other process needs waking.
    shards_led_here: Arc<AtomicUsize>,
}

impl Numbering {
    pub(super) fn new(
        config: RelayConfig,
        handoff: Handoff,
        shards_led_here: Arc<AtomicUsize>,
    ) -> Self {
        Self {
            config,
            handoff,
            shards_led_here,
        }
    }

    /// Runs forever: tries to lead, and while leading numbers.
    pub(super) async fn run(self) {
        loop {
            if let Err(e) = self.lead().await {
                tracing::warn!(error = %e, "outbox numbering interrupted; retrying");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// Returns when another process leads, or on a database error.
    async fn lead(&self) -> Result<()> {
        let mut conn = connect(&self.config).await?;
        if !try_lock(&mut conn).await? {
            return Ok(());
        }
        tracing::info!("outbox numbering leading");
        listen_for_commits(&mut conn).await?;
        metrics::gauge!("outbox_relay_leading").set(1.0);
        let led = self.number_while_leading(&mut conn).await;
        self.handoff.numbering_here(None);
        // Only the leader reports: alerts take the sum and the maximum over processes.
        metrics::gauge!("outbox_relay_leading").set(0.0);
        metrics::gauge!("outbox_backlog_events").set(0.0);
        led
    }

    async fn number_while_leading(&self, conn: &mut AsyncPgConnection) -> Result<()> {
        let mut next_seq = outbox::last_seq(conn).await? + 1;
        // What earlier leaders numbered was not handed over: publishers here
        // read the outbox up to it.
        self.handoff.numbering_here(Some(next_seq - 1));
        let mut vacuumed = Instant::now();
        let mut numbered_since_vacuum = false;
        let mut backlog_sampled: Option<Instant> = None;
        loop {
            if numbered_since_vacuum && vacuumed.elapsed() >= VACUUM_EVERY {
                let vacuuming = Instant::now();
                outbox::purge_published(conn, &self.config.layout).await?;
                outbox::vacuum(conn).await?;
                metrics::histogram!("outbox_vacuum_seconds")
                    .record(vacuuming.elapsed().as_secs_f64());
                (vacuumed, numbered_since_vacuum) = (Instant::now(), false);
            }
            if backlog_sampled.is_none_or(|at| at.elapsed() >= BACKLOG_SAMPLE_EVERY) {
                let waiting = outbox::outbox_rows(conn, BACKLOG_COUNT_CAP).await?;
                metrics::gauge!("outbox_backlog_events").set(waiting as f64);
                backlog_sampled = Some(Instant::now());
            }
            let wake_others = AtomicUsize::load(&self.shards_led_here, Ordering::Relaxed)
                < usize::from(self.config.shards);
            let numbering = Instant::now();
            let batch: Rows =
                outbox::number_next(conn, next_seq, self.config.batch_size, wake_others).await?;
            metrics::histogram!("outbox_number_seconds").record(numbering.elapsed().as_secs_f64());
            match batch.last().map(|row| row.seq) {
                Some(last) => {
                    next_seq = last + 1;
                    numbered_since_vacuum = true;
                    // While this process's publishers publish it, the next
                    // batch gathers: numbering keeps in step with them.
                    self.handoff.hand_over(batch, HANDOFF_WAIT).await;
                }
                None => wait_for_work(conn, self.config.poll_interval).await,
            }
        }
    }
}

async fn wait_for_work(conn: &mut AsyncPgConnection, poll: Duration) {
    // Fused: the stream ends when the connection does, and is polled again
    // below; the next statement then fails and the relay reconnects.
    let mut notifications = std::pin::pin!(conn.notifications_stream().fuse());
    let _ = tokio::time::timeout(poll, notifications.next()).await;
    // Drain what else arrived: one wake-up covers them all.
    while let Some(Some(_)) = notifications.next().now_or_never() {}
}

async fn try_lock(conn: &mut AsyncPgConnection) -> Result<bool> {
    #[derive(diesel::QueryableByName)]
    struct Locked {
        #[diesel(sql_type = Bool)]
        locked: bool,
    }
    let row: Locked = diesel::sql_query(format!(
        "SELECT pg_try_advisory_lock({LEADER_LOCK}) AS locked"
    ))
    .get_result(conn)
    .await?;
    Ok(row.locked)
}
