//! A private Redis server, for tests that stop and restart Redis without
//! disturbing the shared one.

use crate::process::free_port;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    port: u16,
    child: Option<Child>,
    /// Where `save` writes its snapshot and a restart loads it from; None: a
    /// restart comes back empty.
    dir: Option<std::path::PathBuf>,
}

impl RedisServer {
    pub fn start() -> Self {
        let port = free_port();
        let mut server = Self {
            port,
            child: None,
            dir: None,
        };
        server.resume();
        server
    }

    /// A server that comes back from its last `save` when restarted, as one
    /// restored from a backup (or a lagging replica promoted) would.
    pub fn start_with_snapshots() -> Self {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("confab-redis-{port}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("snapshot dir");
        let mut server = Self {
            port,
            child: None,
            dir: Some(dir),
        };
        server.resume();
        server
    }

    /// Writes a snapshot now (`SAVE`).
    pub async fn save(&self) {
        let client = deadpool_redis::redis::Client::open(self.url()).expect("client");
        let mut conn = client
            .get_multiplexed_async_connection()
            .await
            .expect("connection");
        let _: () = deadpool_redis::redis::cmd("SAVE")
            .query_async(&mut conn)
            .await
            .expect("SAVE");
    }

    /// How many times the server has run `command` (from `INFO commandstats`).
    pub async fn calls_of(&self, command: &str) -> u64 {
        let client = deadpool_redis::redis::Client::open(self.url()).expect("client");
        let mut conn = client
            .get_multiplexed_async_connection()
            .await
            .expect("connection");
        let info: String = deadpool_redis::redis::cmd("INFO")
            .arg("commandstats")
            .query_async(&mut conn)
            .await
            .expect("INFO");
        let prefix = format!("cmdstat_{}:calls=", command.to_lowercase());
        info.lines()
            .find_map(|line| line.strip_prefix(&prefix))
            .and_then(|rest| rest.split(',').next())
            .map_or(0, |calls| calls.parse().expect("a call count"))
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Points the services at this server (and off any cluster the test run
    /// was given).
    pub fn serve(&self, settings: &mut confab_domain::Settings) {
        settings.redis.url = secrecy::SecretString::from(self.url());
        settings.redis.cluster_urls.clear();
    }

    /// Kills the server (as a crash would) and waits until it is gone.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port: empty, or from the last snapshot.
    pub fn resume(&mut self) {
        assert!(self.child.is_none(), "already running");
        let bin =
            std::env::var("CONFAB_REDIS_SERVER_BIN").unwrap_or_else(|_| "redis-server".into());
        let mut command = Command::new(&bin);
        if let Some(dir) = &self.dir {
            command
                .arg("--dir")
                .arg(dir)
                .args(["--dbfilename", "dump.rdb"]);
        }
        let child = command
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e} (set CONFAB_REDIS_SERVER_BIN)"));
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
