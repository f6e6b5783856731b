//! Sharing the relay's shards among the API processes that relay.
//!
//! Each process holds a membership lock while it relays, so every process can
//! count the others (`pg_locks`). It leads at most its fair share of the
//! shards, `ceil(shards / members)`: it takes shards nobody leads up to that
//! share, and hands one back when a new member lowers it. A shard whose leader
//! dies is free as soon as its connection is gone, and another member takes it
//! on its next look, within a second.

use super::publisher::{self, Acquired};
use super::{Handoff, RelayConfig, connect};
use crate::error::Result;
use crate::redis::SharedRedis;
use diesel::sql_types::{BigInt, Bool};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The advisory lock class of membership; the key is a random member id.
const MEMBER_LOCK_CLASS: i32 = 0x0C0F_AB04;
/// How often a process looks at its share.
const LOOK_EVERY: Duration = Duration::from_secs(1);

pub(super) struct Shards {
    config: RelayConfig,
    redis: SharedRedis,
    handoff: Handoff,
    led: Arc<AtomicUsize>,
}

/// A shard this process leads.
struct Leading {
    shard: u16,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Shards {
    pub(super) fn new(config: RelayConfig, redis: SharedRedis, handoff: Handoff) -> Self {
        Self {
            config,
            redis,
            handoff,
            led: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// How many shards this process leads, kept current.
    pub(super) fn led(&self) -> Arc<AtomicUsize> {
        self.led.clone()
    }

    pub(super) async fn run(self) {
        let mut leading: Vec<Leading> = Vec::new();
        loop {
            let member = uuid::Uuid::new_v4().as_u128() as i32;
            if let Err(e) = self.share(member, &mut leading).await {
                tracing::warn!(error = %e, "relay membership interrupted; retrying");
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    }

    /// Holds the membership lock, and keeps this process at its share.
    async fn share(&self, member: i32, leading: &mut Vec<Leading>) -> Result<()> {
        let mut membership = connect(&self.config).await?;
        join(&mut membership, member).await?;
        let mut spare: Option<Box<AsyncPgConnection>> = None;
        loop {
            leading.retain(|l| !l.task.is_finished());
            let members = count_members(&mut membership).await?.max(1);
            let fair = usize::from(self.config.shards).div_ceil(members);
            if leading.len() > fair {
                if let Some(extra) = leading.pop() {
                    tracing::info!(
                        shard = extra.shard,
                        "handing a relay shard to another process"
                    );
                    let _ = extra.stop.send(true);
                }
            } else if leading.len() < fair {
                self.take_free_shards(member, fair, leading, &mut spare)
                    .await?;
            }
            self.led.store(leading.len(), Ordering::Relaxed);
            metrics::gauge!("outbox_relay_shards_led").set(leading.len() as f64);
            tokio::time::sleep(LOOK_EVERY).await;
        }
    }

    /// Tries the shards this process does not lead, starting at one its member
    /// id picks (so processes starting together try different ones first),
    /// until it leads `fair`.
    async fn take_free_shards(
        &self,
        member: i32,
        fair: usize,
        leading: &mut Vec<Leading>,
        spare: &mut Option<Box<AsyncPgConnection>>,
    ) -> Result<()> {
        let shards = self.config.shards;
        let start = (member as u32 % u32::from(shards)) as u16;
        for offset in 0..shards {
            if leading.len() >= fair {
                break;
            }
            let shard = (start + offset) % shards;
            if leading.iter().any(|l| l.shard == shard) {
                continue;
            }
            let conn = match spare.take() {
                Some(conn) => conn,
                None => Box::new(connect(&self.config).await?),
            };
            match publisher::acquire(conn, &self.config, &self.redis, &self.handoff, shard).await? {
                Acquired::Busy(conn) => *spare = conn,
                Acquired::Leading(publisher) => {
                    let (stop, stopped) = watch::channel(false);
                    let task = tokio::spawn(async move {
                        if let Err(e) = publisher.run(stopped).await {
                            tracing::warn!(error = %e, shard, "relay shard interrupted");
                        }
                    });
                    leading.push(Leading { shard, stop, task });
                }
            }
        }
        Ok(())
    }
}

/// Takes the membership lock; another process drew the same id only by
/// a one-in-four-billion chance, and the next try draws again.
async fn join(conn: &mut AsyncPgConnection, member: i32) -> Result<()> {
    #[derive(diesel::QueryableByName)]
    struct Joined {
        #[diesel(sql_type = Bool)]
        joined: bool,
    }
    let row: Joined = diesel::sql_query(format!(
        "SELECT pg_try_advisory_lock({MEMBER_LOCK_CLASS}, $1) AS joined"
    ))
    .bind::<diesel::sql_types::Integer, _>(member)
    .get_result(conn)
    .await?;
    if row.joined {
        Ok(())
    } else {
        Err(crate::error::Error::DatabasePool(
            "relay member id already taken".into(),
        ))
    }
}

/// The processes relaying over this database, this one included.
async fn count_members(conn: &mut AsyncPgConnection) -> Result<usize> {
    #[derive(diesel::QueryableByName)]
    struct Members {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let members: Members = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND objsubid = 2
           AND classid::bigint = {MEMBER_LOCK_CLASS}
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    ))
    .get_result(conn)
    .await?;
    Ok(usize::try_from(members.n).unwrap_or(1))
}
