//! The outbox relay: moves committed events from Postgres to Redis streams, in
//! order, exactly once per stream.
//!
//! Two roles, each led by one API process at a time (Postgres advisory locks
//! elect them; the others wait to take over):
//! - **numbering** ([`numbering`]): gives the oldest unnumbered outbox rows the
//!   next numbers of the global publish sequence (`seq`, in outbox id order),
//!   writes the webhook deliveries and pushes they owe, and commits that. One
//!   statement a batch; the sequence is the events' stream id everywhere.
//! - **publishing** ([`publisher`]): the partitions are divided into
//!   `events.relay_shards` shards, and each shard's leader `XADD`s the numbered
//!   rows, in `seq` order, into its partitions' streams (each event into each
//!   partition holding a recipient) with the explicit id `<seq>-0`. It records how
//!   far each partition is published (`outbox_relay_progress`), and deletes the
//!   rows every partition is past. [`shards`] shares the shards fairly among
//!   the API processes that relay.
//!
//! A publisher that crashes leaves its progress behind where it got to; its
//! successor publishes from there, with the same ids, and Redis refuses the ones
//! already there ("equal or smaller than the top item"), so nothing is doubled.
//! Each partition is locked by the one publisher that writes it, whatever shard
//! count a process was started with, so a partition's entries only ever go in
//! ascending order.
//!
//! Redis losing data (restarted empty, restored stale, a lagging replica
//! promoted) is repaired by each publisher for its partitions, from the
//! batches it keeps for `replay_window`; what that cannot cover gets a raised
//! floor, so a client resuming from inside the gap gets `resync`, never
//! silence (see [`publisher`]).
//!
//! The relay runs on a thread of its own (`confab-relay`), so its CPU is
//! measured apart from the requests', and on a Redis connection of its own.

mod numbering;
mod outbox;
mod publisher;
mod shards;

use super::stream::StreamLayout;
use crate::db::DbPool;
use crate::error::{Error, Result};
use crate::redis::SharedRedis;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, broadcast, watch};

/// The channel API processes `NOTIFY` after committing events (wakes numbering).
const OUTBOX_CHANNEL: &str = "confab_outbox";

#[derive(Clone)]
pub struct RelayConfig {
    pub database_url: String,
    pub layout: StreamLayout,
    pub stream_maxlen: usize,
    pub batch_size: i64,
    /// How many shards the partitions are divided into (`events.relay_shards`).
    pub shards: u16,
    /// The longest the relay sleeps without a notification.
    pub poll_interval: Duration,
    pub replay_window: Duration,
}

pub struct Relay {
    config: RelayConfig,
    redis: SharedRedis,
}

impl Relay {
    /// `redis` should be a connection of the relay's own, made but not yet
    /// used (`crate::redis::shared`): it then connects, and runs, on the relay's thread.
    pub fn new(config: RelayConfig, redis: SharedRedis) -> Self {
        Self { config, redis }
    }

    /// Starts the relay on its own thread. It runs until the returned
    /// handle is dropped (the API process's server stopped, or its test ended).
    pub fn spawn(self) -> std::io::Result<RelayThread> {
        let (alive, mut stopped) = watch::channel(());
        std::thread::Builder::new()
            .name("confab-relay".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("the relay's runtime");
                runtime.block_on(async move {
                    tokio::select! {
                        () = self.run() => {}
                        _ = stopped.changed() => {}
                    }
                });
                // Dropping the runtime closes the relay's connections, which
                // lets go of its locks: another process takes over at once.
            })?;
        Ok(RelayThread { _alive: alive })
    }

    async fn run(self) {
        let handoff = Handoff::new();
        let shards = shards::Shards::new(self.config.clone(), self.redis.clone(), handoff.clone());
        let led = shards.led();
        let numbering = numbering::Numbering::new(self.config.clone(), handoff, led);
        tokio::join!(numbering.run(), shards.run());
    }
}

/// Batches the numbering leader has numbered, handed to this process's
/// publishers so that they need not read them back from Postgres. A
/// publisher that misses some (it lagged, or another process numbers) reads
/// them from the outbox instead. Numbering waits for this process's
/// publishers to publish a batch before it numbers the next, so that batches
/// grow with the load, as they did when one loop did both.
#[derive(Clone)]
struct Handoff {
    batches: broadcast::Sender<Arc<outbox::Rows>>,
    /// The last sequence numbered while the numbering leader runs in this
    /// process (every batch after it took the lead is handed over); -1 when
    /// it runs elsewhere.
    numbered_here: Arc<AtomicI64>,
    /// How far each shard published here is, by shard.
    published: Arc<Mutex<HashMap<u16, i64>>>,
    progressed: Arc<Notify>,
}

/// Batches kept for a publisher that is behind, before it must read them back.
const HANDOFF_BATCHES: usize = 64;

impl Handoff {
    fn new() -> Self {
        Self {
            batches: broadcast::channel(HANDOFF_BATCHES).0,
            numbered_here: Arc::new(AtomicI64::new(-1)),
            published: Arc::default(),
            progressed: Arc::new(Notify::new()),
        }
    }

    /// Hands a batch to this process's publishers, and waits (at most `wait`:
    /// one may be stuck on Redis) until each has published it.
    async fn hand_over(&self, batch: outbox::Rows, wait: Duration) {
        let Some(last) = batch.last().map(|row| row.seq) else {
            return;
        };
        self.numbering_here(Some(last));
        if self.batches.send(Arc::new(batch)).is_err() {
            return; // no publisher in this process
        }
        let _ = tokio::time::timeout(wait, async {
            while self.behind(last) {
                self.progressed.notified().await;
            }
        })
        .await;
    }

    /// Numbering runs here and has numbered through `last` (None: it stopped).
    fn numbering_here(&self, last: Option<i64>) {
        AtomicI64::store(&self.numbered_here, last.unwrap_or(-1), Ordering::SeqCst);
    }

    /// See `numbered_here`.
    fn numbered_here(&self) -> Option<i64> {
        let last = AtomicI64::load(&self.numbered_here, Ordering::SeqCst);
        (last >= 0).then_some(last)
    }

    fn behind(&self, seq: i64) -> bool {
        let published = self.published.lock().unwrap_or_else(|e| e.into_inner());
        published.values().any(|&through| through < seq)
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<outbox::Rows>> {
        self.batches.subscribe()
    }

    /// A publisher of this process is published through `seq` (None: it
    /// stopped publishing).
    fn publisher_at(&self, shard: u16, seq: Option<i64>) {
        {
            let mut published = self.published.lock().unwrap_or_else(|e| e.into_inner());
            match seq {
                Some(seq) => published.insert(shard, seq),
                None => published.remove(&shard),
            };
        }
        self.progressed.notify_one();
    }
}

/// A running relay; dropping it stops the relay.
pub struct RelayThread {
    _alive: watch::Sender<()>,
}

/// Opens a connection of the relay's own (it holds session locks and listens).
async fn connect(config: &RelayConfig) -> Result<AsyncPgConnection> {
    AsyncPgConnection::establish(&config.database_url)
        .await
        .map_err(|e| Error::DatabasePool(e.to_string()))
}

/// Subscribes the numbering leader's connection to [`OutboxWaker`]'s wake-ups.
async fn listen_for_commits(conn: &mut AsyncPgConnection) -> Result<()> {
    diesel::sql_query(format!("LISTEN {OUTBOX_CHANNEL}"))
        .execute(conn)
        .await?;
    Ok(())
}

/// Tells the numbering leader (in whichever process) that events were committed.
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
                    diesel::sql_query(format!("NOTIFY {OUTBOX_CHANNEL}"))
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
