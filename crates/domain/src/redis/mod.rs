//! Redis: one server, or a Redis Cluster (`redis.cluster_urls`). Every key
//! starts with the configured `redis.key_prefix`, so a deployment (or a test)
//! can share a Redis with others. Keys that a script or a transaction uses
//! together share a hash tag (`{pr:<user>}`, `{evN.p}`), so they stay in one
//! slot on a cluster; pipelines that mix slots are split by [`slots`].

mod slots;

use crate::error::{Error, Result};
use crate::settings::RedisSettings;
use futures_util::FutureExt;
use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster::{ClusterClient, ClusterConfig};
use redis::cluster_async::ClusterConnection;
use redis::{Cmd, Pipeline, RedisFuture, RedisResult, Value};
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Redis for the hot paths (presence on every heartbeat, rate limits on every
/// request, typing, the relay's publishing): one multiplexed connection per
/// process, shared by every task, whose concurrent commands are pipelined on
/// it, and which reconnects by itself. On a cluster it is the cluster client's
/// connection, one multiplexed connection to each node, which follows slots
/// that move and replicas that are promoted. Cloning is cheap.
///
/// A connection taken from a pool would cost one more round trip each time
/// (deadpool-redis checks it with UNWATCH + PING before handing it out), which
/// would double the round trips of a heartbeat.
#[derive(Clone)]
pub enum SharedRedis {
    Single(ConnectionManager),
    Cluster(ClusterConnection),
}

impl ConnectionLike for SharedRedis {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Self::Single(conn) => conn.req_packed_command(cmd),
            Self::Cluster(conn) => conn.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Self::Single(conn) => conn.req_packed_commands(pipeline, offset, count),
            Self::Cluster(conn) => slots::query_by_slot(conn, pipeline, offset, count).boxed(),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Self::Single(conn) => conn.get_db(),
            Self::Cluster(conn) => conn.get_db(),
        }
    }
}

/// Connections for work that would hold up the shared connection's other
/// commands behind it: a resume reads its backlog in large pages (thousands of
/// events), and on the shared connection every heartbeat would wait for those
/// replies. Also the readiness probe.
///
/// On a cluster these are a few cluster connections of their own, taken in
/// turn: each is multiplexed, so they need no checking out, and unlike
/// deadpool-redis's cluster pool (0.23) they carry response timeouts.
#[derive(Clone)]
pub enum RedisPool {
    Single(deadpool_redis::Pool),
    Cluster(Arc<ClusterConnections>),
}

pub struct ClusterConnections {
    connections: Vec<ClusterConnection>,
    next: AtomicUsize,
}

/// A connection from [`RedisPool::get`].
pub enum PooledRedis {
    Single(deadpool_redis::Connection),
    Cluster(SharedRedis),
}

impl RedisPool {
    pub async fn get(&self) -> Result<PooledRedis> {
        match self {
            Self::Single(pool) => Ok(PooledRedis::Single(pool.get().await?)),
            Self::Cluster(set) => {
                let turn = set.next.fetch_add(1, Ordering::Relaxed) % set.connections.len();
                Ok(PooledRedis::Cluster(SharedRedis::Cluster(
                    set.connections[turn].clone(),
                )))
            }
        }
    }
}

impl ConnectionLike for PooledRedis {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Self::Single(conn) => conn.req_packed_command(cmd),
            Self::Cluster(conn) => conn.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Self::Single(conn) => conn.req_packed_commands(pipeline, offset, count),
            Self::Cluster(conn) => conn.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Self::Single(conn) => conn.get_db(),
            Self::Cluster(conn) => conn.get_db(),
        }
    }
}

fn timeout(settings: &RedisSettings) -> Duration {
    Duration::from_millis(settings.timeout_ms)
}

/// A cluster connection that connects in the background (a process starts
/// while Redis is down, and its readiness says so). A command waits at most
/// `response_timeout` for a node's answer, and, across the client's retries
/// after a node is lost (MOVED, reconnecting, a replica being promoted), twice
/// that: callers retry or degrade as they do on one server.
fn cluster_connection(
    settings: &RedisSettings,
    response_timeout: Duration,
) -> RedisResult<ClusterConnection> {
    let urls: Vec<&str> = settings
        .cluster_urls
        .iter()
        .map(|url| url.expose_secret())
        .collect();
    let client = ClusterClient::builder(urls)
        .retries(4)
        .min_retry_wait(50)
        .max_retry_wait(500)
        .overall_response_timeout(Some(response_timeout * 2))
        .build()?;
    let config = ClusterConfig::new()
        .set_connection_timeout(timeout(settings))
        .set_response_timeout(response_timeout);
    Ok(client.get_pending_async_connection_with_config(config))
}

/// Connects lazily (on first use), so a process starts while Redis is down and
/// its readiness says so.
pub fn shared(settings: &RedisSettings) -> Result<SharedRedis> {
    if settings.is_cluster() {
        return Ok(SharedRedis::Cluster(cluster_connection(
            settings,
            timeout(settings),
        )?));
    }
    let client = redis::Client::open(settings.url.expose_secret())
        .map_err(|e| Error::RedisPool(e.to_string()))?;
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(timeout(settings)))
        .set_response_timeout(Some(timeout(settings)))
        // A command waits for at most one reconnection; callers retry or
        // degrade (presence and typing are best effort, the relay backs off).
        .set_number_of_retries(1)
        .set_max_delay(Duration::from_millis(500));
    ConnectionManager::new_lazy_with_config(client, config)
        .map_err(|e| Error::RedisPool(e.to_string()))
        .map(SharedRedis::Single)
}

/// A connection of its own for one blocking reader (`XREAD BLOCK`), which
/// would hold up every other command on a shared one, and whose replies may
/// take `response_timeout`. Connects now: the reader retries on error.
pub async fn dedicated(
    settings: &RedisSettings,
    response_timeout: Duration,
) -> RedisResult<SharedRedis> {
    if settings.is_cluster() {
        return cluster_connection(settings, response_timeout).map(SharedRedis::Cluster);
    }
    let client = redis::Client::open(settings.url.expose_secret())?;
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(timeout(settings)))
        .set_response_timeout(Some(response_timeout))
        .set_number_of_retries(1);
    ConnectionManager::new_with_config(client, config)
        .await
        .map(SharedRedis::Single)
}

pub fn pool(settings: &RedisSettings) -> Result<RedisPool> {
    if settings.is_cluster() {
        let connections = (0..settings.pool_size.max(1))
            .map(|_| cluster_connection(settings, timeout(settings)))
            .collect::<RedisResult<Vec<_>>>()?;
        return Ok(RedisPool::Cluster(Arc::new(ClusterConnections {
            connections,
            next: AtomicUsize::new(0),
        })));
    }
    let mut config = deadpool_redis::Config::from_url(settings.url.expose_secret());
    let mut pool_config = deadpool_redis::PoolConfig::new(settings.pool_size);
    pool_config.timeouts = deadpool_redis::Timeouts {
        wait: Some(timeout(settings)),
        create: Some(timeout(settings)),
        recycle: Some(timeout(settings)),
    };
    config.pool = Some(pool_config);
    config
        .create_pool(Some(deadpool_redis::Runtime::Tokio1))
        .map(RedisPool::Single)
        .map_err(|e| Error::RedisPool(e.to_string()))
}

/// A cheap round trip, for readiness checks. On a cluster, `CLUSTER INFO`
/// from a node, which must say the cluster is `ok` (every slot served).
pub async fn ping(pool: &RedisPool) -> Result<()> {
    let mut conn = pool.get().await?;
    if matches!(pool, RedisPool::Cluster(_)) {
        let info: String = redis::cmd("CLUSTER")
            .arg("INFO")
            .query_async(&mut conn)
            .await?;
        if !info.lines().any(|line| line.trim() == "cluster_state:ok") {
            return Err(Error::RedisPool("the Redis Cluster is not ok".into()));
        }
        return Ok(());
    }
    let _: String = redis::cmd("PING").query_async(&mut conn).await?;
    Ok(())
}
