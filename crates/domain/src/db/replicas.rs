//! Streaming replicas for reads that tolerate a little lag (history pages,
//! search, conversation and member lists, profiles), never for writes or
//! anything in a transaction.
//!
//! How stale a replica may be is bounded, not hoped for: a monitor samples
//! the primary's WAL position (`pg_current_wal_insert_lsn()`) and each replica's
//! replayed position (`pg_last_wal_replay_lsn()`) every 100 ms. A replica that
//! has replayed past the primary's position sampled at time t holds every
//! transaction committed before t, so it is at most `now - t` behind. A
//! replica is read only while that is within `database.replica_max_lag_ms`;
//! otherwise reads go to the primary. Read-your-writes comes on top
//! (`ReadRouting`): a user who just wrote reads the primary for that long.

use super::{DbConn, DbPool};
use crate::error::Result;
use crate::settings::DatabaseSettings;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const SAMPLE_EVERY: Duration = Duration::from_millis(100);
/// The insert position, not the write position: past every commit already
/// visible (an asynchronous commit is visible before its WAL is written).
const PRIMARY_POSITION: &str = "SELECT pg_current_wal_insert_lsn()::text AS position";
/// NULL on a server that is not replaying (a primary named by mistake): never read.
const REPLAYED_POSITION: &str = "SELECT pg_last_wal_replay_lsn()::text AS position";

#[derive(diesel::QueryableByName)]
struct Position {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    position: Option<String>,
}

/// `16/B374D848` as one number.
fn parse_lsn(text: &str) -> Option<u64> {
    let (high, low) = text.split_once('/')?;
    Some((u64::from_str_radix(high, 16).ok()? << 32) | u64::from_str_radix(low, 16).ok()?)
}

struct Replica {
    pool: DbPool,
    /// Milliseconds after `Replicas::started` before which every commit is on
    /// this replica; 0 while unknown.
    complete_before_ms: AtomicU64,
}

pub struct Replicas {
    replicas: Vec<Replica>,
    max_lag: Duration,
    started: Instant,
    next: AtomicUsize,
}

impl Replicas {
    /// None when no replica is configured.
    pub fn build(settings: &DatabaseSettings) -> Result<Option<Arc<Self>>> {
        if settings.replica_urls.is_empty() {
            return Ok(None);
        }
        let replicas = settings
            .replica_urls
            .iter()
            .map(|url| {
                Ok(Replica {
                    pool: super::pool_for(url, settings)?,
                    complete_before_ms: AtomicU64::new(0),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(Arc::new(Self {
            replicas,
            max_lag: Duration::from_millis(settings.replica_max_lag_ms),
            started: Instant::now(),
            next: AtomicUsize::new(0),
        })))
    }

    /// How long a user's own writes pin their reads to the primary.
    pub fn max_lag(&self) -> Duration {
        self.max_lag
    }

    fn since_start(&self, at: Instant) -> u64 {
        at.saturating_duration_since(self.started).as_millis() as u64 + 1
    }

    fn is_fresh(&self, replica: &Replica, now: Instant) -> bool {
        let complete_before = AtomicU64::load(&replica.complete_before_ms, Ordering::Acquire);
        complete_before > 0
            && self.since_start(now).saturating_sub(complete_before)
                <= self.max_lag.as_millis() as u64
    }

    /// A connection to a replica within the lag bound, taken in turn; None
    /// when none is (the caller reads the primary).
    pub async fn conn(&self) -> Option<DbConn> {
        let count = self.replicas.len();
        let first = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..count {
            let replica = &self.replicas[(first + i) % count];
            if !self.is_fresh(replica, Instant::now()) {
                continue;
            }
            match replica.pool.get().await {
                Ok(conn) => return Some(conn),
                Err(e) => tracing::warn!(error = %e, "replica connection failed"),
            }
        }
        None
    }

    /// Samples positions until the process ends.
    pub fn spawn_monitor(self: &Arc<Self>, primary: DbPool) {
        let replicas = Arc::clone(self);
        tokio::spawn(async move {
            let mut samples: VecDeque<(Instant, u64)> = VecDeque::new();
            let mut tick = tokio::time::interval(SAMPLE_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                replicas.sample(&primary, &mut samples).await;
            }
        });
    }

    async fn sample(&self, primary: &DbPool, samples: &mut VecDeque<(Instant, u64)>) {
        let taken = Instant::now();
        match position(primary, diesel::sql_query(PRIMARY_POSITION)).await {
            Some(lsn) => samples.push_back((taken, lsn)),
            None => tracing::warn!("cannot read the primary's WAL position"),
        }
        // Older samples can only prove lags past the bound: not needed.
        let keep = self.max_lag + SAMPLE_EVERY * 10;
        while samples
            .front()
            .is_some_and(|(at, _)| taken.duration_since(*at) > keep)
        {
            samples.pop_front();
        }
        for (i, replica) in self.replicas.iter().enumerate() {
            let complete_before =
                match position(&replica.pool, diesel::sql_query(REPLAYED_POSITION)).await {
                    Some(replayed) => samples
                        .iter()
                        .rev()
                        .find(|(_, lsn)| *lsn <= replayed)
                        .map_or(0, |(at, _)| self.since_start(*at)),
                    None => 0,
                };
            replica
                .complete_before_ms
                .store(complete_before, Ordering::Release);
            let lag = self.since_start(taken).saturating_sub(complete_before);
            metrics::gauge!("db_replica_lag_seconds", "replica" => i.to_string()).set(
                if complete_before == 0 {
                    f64::INFINITY
                } else {
                    lag as f64 / 1000.0
                },
            );
        }
    }
}

async fn position(pool: &DbPool, query: diesel::query_builder::SqlQuery) -> Option<u64> {
    let mut conn = pool.get().await.ok()?;
    let row: Position = query.get_result(&mut conn).await.ok()?;
    parse_lsn(&row.position?)
}

#[cfg(test)]
mod tests {
    use super::parse_lsn;

    #[test]
    fn lsns_compare_as_numbers() {
        assert_eq!(parse_lsn("0/0"), Some(0));
        assert_eq!(parse_lsn("16/B374D848"), Some((0x16 << 32) | 0xB374_D848));
        assert!(parse_lsn("1/0") > parse_lsn("0/FFFFFFFF"));
        assert_eq!(parse_lsn("nonsense"), None);
    }
}
