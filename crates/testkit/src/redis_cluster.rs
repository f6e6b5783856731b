//! A private Redis Cluster of masters, each with one replica, from the
//! installed `redis-server` and `redis-cli` on loopback ports, for stories that
//! run the services on a cluster and take a node away.

use crate::process::free_port;
use deadpool_redis::redis;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Node {
    port: u16,
    child: Option<Child>,
}

pub struct RedisCluster {
    nodes: Vec<Node>,
    dir: PathBuf,
}

/// `CONFAB_REDIS_SERVER_BIN`, or `redis-server` on the PATH; `redis-cli` is
/// taken from beside it.
fn binaries() -> (PathBuf, PathBuf) {
    let server = std::env::var("CONFAB_REDIS_SERVER_BIN").unwrap_or_else(|_| "redis-server".into());
    let server = PathBuf::from(server);
    let cli = match server.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("redis-cli"),
        _ => PathBuf::from("redis-cli"),
    };
    (server, cli)
}

async fn connect(port: u16) -> redis::RedisResult<redis::aio::MultiplexedConnection> {
    redis::Client::open(format!("redis://127.0.0.1:{port}"))?
        .get_multiplexed_async_connection()
        .await
}

async fn info(port: u16, section: &str) -> Option<String> {
    let mut conn = connect(port).await.ok()?;
    redis::cmd("INFO")
        .arg(section)
        .query_async(&mut conn)
        .await
        .ok()
}

async fn cluster_info(port: u16) -> Option<String> {
    let mut conn = connect(port).await.ok()?;
    redis::cmd("CLUSTER")
        .arg("INFO")
        .query_async(&mut conn)
        .await
        .ok()
}

impl RedisCluster {
    /// `masters` masters (at least 3, as the cluster needs), each with one
    /// replica linked; returns once every slot is served and every replica is
    /// in sync, so a master can be killed and its replica take over.
    pub async fn start(masters: usize) -> Self {
        assert!(masters >= 3, "a Redis Cluster needs three masters");
        let (server, cli) = binaries();
        let dir = std::env::temp_dir().join(format!(
            "confab-redis-cluster-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&dir).expect("cluster dir");
        let mut nodes = Vec::new();
        for _ in 0..masters * 2 {
            let (port, bus) = (free_port(), free_port());
            let child = Command::new(&server)
                .current_dir(&dir)
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args([
                    "--cluster-enabled",
                    "yes",
                    "--cluster-port",
                    &bus.to_string(),
                ])
                .args(["--cluster-config-file", &format!("nodes-{port}.conf")])
                .args(["--cluster-node-timeout", "2000"])
                // A replica takes over however long it was cut off: the
                // stories kill masters on purpose.
                .args(["--cluster-replica-validity-factor", "0"])
                .args(["--save", "", "--appendonly", "no"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.display()));
            nodes.push(Node {
                port,
                child: Some(child),
            });
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        for node in &nodes {
            while std::net::TcpStream::connect(("127.0.0.1", node.port)).is_err() {
                assert!(Instant::now() < deadline, "redis-server did not start");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let addresses: Vec<String> = nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect();
        let created = Command::new(&cli)
            .args(["--cluster", "create"])
            .args(&addresses)
            .args(["--cluster-replicas", "1", "--cluster-yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", cli.display()));
        assert!(created.success(), "redis-cli --cluster create failed");
        let cluster = Self { nodes, dir };
        cluster.wait_until_whole(Duration::from_secs(30)).await;
        cluster
    }

    /// Addresses of every node, for `redis.cluster_urls`.
    pub fn urls(&self) -> Vec<String> {
        self.nodes
            .iter()
            .map(|n| format!("redis://127.0.0.1:{}", n.port))
            .collect()
    }

    /// Points the services at this cluster.
    pub fn serve(&self, settings: &mut confab_domain::Settings) {
        settings.redis.cluster_urls = self
            .urls()
            .into_iter()
            .map(secrecy::SecretString::from)
            .collect();
    }

    /// Every live node says `cluster_state:ok`, and every live replica's link
    /// to its master is up.
    pub async fn is_whole(&self) -> bool {
        for node in self.nodes.iter().filter(|n| n.child.is_some()) {
            let Some(state) = cluster_info(node.port).await else {
                return false;
            };
            if !state.lines().any(|l| l.trim() == "cluster_state:ok") {
                return false;
            }
            let Some(replication) = info(node.port, "replication").await else {
                return false;
            };
            let replica = replication.lines().any(|l| l.trim() == "role:slave");
            if replica
                && !replication
                    .lines()
                    .any(|l| l.trim() == "master_link_status:up")
            {
                return false;
            }
        }
        true
    }

    pub async fn wait_until_whole(&self, within: Duration) {
        let deadline = Instant::now() + within;
        while !self.is_whole().await {
            assert!(
                Instant::now() < deadline,
                "the Redis Cluster did not become whole"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Kills (SIGKILL) the master serving `key`'s slot; returns its port. Its
    /// replica is promoted once the others mark it failed (node timeout 2 s).
    pub async fn kill_master_of(&mut self, key: &str) -> u16 {
        let port = self.master_of(key).await;
        let node = self
            .nodes
            .iter_mut()
            .find(|n| n.port == port)
            .expect("a node of this cluster");
        let mut child = node.child.take().expect("a running node");
        let _ = child.kill();
        let _ = child.wait();
        port
    }

    /// The port of the master that serves `key` now.
    pub async fn master_of(&self, key: &str) -> u16 {
        let live = self
            .nodes
            .iter()
            .find(|n| n.child.is_some())
            .expect("a live node");
        let mut conn = connect(live.port).await.expect("a node answers");
        let slot: i64 = redis::cmd("CLUSTER")
            .arg("KEYSLOT")
            .arg(key)
            .query_async(&mut conn)
            .await
            .expect("CLUSTER KEYSLOT");
        let nodes: String = redis::cmd("CLUSTER")
            .arg("NODES")
            .query_async(&mut conn)
            .await
            .expect("CLUSTER NODES");
        nodes
            .lines()
            .filter(|line| line.contains("master") && !line.contains("fail"))
            .find_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let serves = fields.get(8..)?.iter().any(|range| {
                    let mut ends = range.splitn(2, '-').map(|n| n.parse::<i64>().ok());
                    match (ends.next().flatten(), ends.next().flatten()) {
                        (Some(from), Some(to)) => (from..=to).contains(&slot),
                        (Some(only), None) => only == slot,
                        _ => false,
                    }
                });
                let port = fields.get(1)?.split(['@', ':']).nth(1)?.parse().ok()?;
                serves.then_some(port)
            })
            .expect("a master serves the slot")
    }

    /// How many `redis-server` processes this cluster started and still runs.
    pub fn running(&self) -> usize {
        self.nodes.iter().filter(|n| n.child.is_some()).count()
    }
}

impl Drop for RedisCluster {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            if let Some(mut child) = node.child.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
