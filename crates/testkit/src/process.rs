//! The real gateway binary as a child process, for tests that must kill it the
//! hard way.

use confab_domain::Settings;
use secrecy::ExposeSecret;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct GatewayProcess {
    child: Child,
    pub url: String,
}

/// Where cargo put the workspace's binaries (next to this test's own `deps/`).
fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: build it first (scripts/test does: cargo build -p confab-gateway)",
        path.display()
    );
    path
}

/// A port nothing listens on now (the OS's pick), for a server a test starts.
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A command running one of the workspace's binaries (`serve`) against the
/// test's database and Redis, on a free port of its own; returns the port too.
pub fn service_command(name: &str, settings: &Settings) -> (Command, u16) {
    let port = free_port();
    let g = &settings.gateway;
    let mut command = configured_command(name, settings);
    command
        .arg("serve")
        .env("CONFAB_API__PORT", port.to_string())
        .env("CONFAB_API__WORKERS", "1")
        .env("CONFAB_GATEWAY__PORT", port.to_string())
        .env("CONFAB_GATEWAY__WORKERS", "1")
        .env(
            "CONFAB_GATEWAY__HEARTBEAT_TIMEOUT_MS",
            g.heartbeat_timeout_ms.to_string(),
        )
        .env(
            "CONFAB_GATEWAY__PRESENCE_SWEEP_MS",
            g.presence_sweep_ms.to_string(),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    (command, port)
}

/// One of the workspace's binaries, configured (by environment, as an
/// operator would) for the test's database, Redis and public URL; add the
/// subcommand and its arguments.
/// A list setting as its environment variable holds it.
fn comma_separated(urls: &[secrecy::SecretString]) -> String {
    urls.iter()
        .map(|url| url.expose_secret())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn configured_command(name: &str, settings: &Settings) -> Command {
    let (database, redis, events) = (&settings.database, &settings.redis, &settings.events);
    let variables: [(&str, String); 17] = [
        // The test key is the built-in development one: dev mode, on loopback.
        ("MODE", "dev".into()),
        (
            "AUTH__JWT_SECRET",
            settings.auth.jwt_secret.expose_secret().into(),
        ),
        ("DATABASE__URL", database.url.expose_secret().into()),
        (
            "DATABASE__REPLICA_URLS",
            comma_separated(&database.replica_urls),
        ),
        (
            "DATABASE__REPLICA_MAX_LAG_MS",
            database.replica_max_lag_ms.to_string(),
        ),
        ("REDIS__URL", redis.url.expose_secret().into()),
        ("REDIS__CLUSTER_URLS", comma_separated(&redis.cluster_urls)),
        ("REDIS__KEY_PREFIX", redis.key_prefix.clone()),
        ("EVENTS__PARTITIONS", events.partitions.to_string()),
        // The relay's settings, as the story has them: a process relaying
        // beside the story's publishes by the same rules.
        ("EVENTS__RELAY_SHARDS", events.relay_shards.to_string()),
        ("EVENTS__STREAM_MAXLEN", events.stream_maxlen.to_string()),
        (
            "EVENTS__RELAY_BATCH_SIZE",
            events.relay_batch_size.to_string(),
        ),
        ("EVENTS__RELAY_POLL_MS", events.relay_poll_ms.to_string()),
        (
            "EVENTS__REPLAY_WINDOW_SECS",
            events.replay_window_secs.to_string(),
        ),
        ("LIMITS__ENABLED", settings.limits.enabled.to_string()),
        ("MEDIA__DIR", settings.media.dir.display().to_string()),
        ("PUBLIC_URL", settings.public_url.clone()),
    ];
    let mut command = Command::new(binary(name));
    for (name, value) in variables {
        command.env(format!("CONFAB_{name}"), value);
    }
    command.env("CONFAB_LOG__LEVEL", "warn");
    command
}

/// A child process killed when dropped, so a failing test leaves none behind
/// (nor an open stdout pipe that keeps the test run waiting).
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until something listens on the port.
pub fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl GatewayProcess {
    pub fn spawn(settings: &Settings) -> Self {
        let (mut command, port) = service_command("confab-gateway", settings);
        let child = command.spawn().expect("start confab-gateway");
        wait_for_port(port, "confab-gateway");
        Self {
            child,
            url: format!("ws://127.0.0.1:{port}/ws"),
        }
    }

    /// SIGKILL: no goodbyes, no clean-up.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for GatewayProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A second `confab-api` (the real binary) beside a story's own, relaying with
/// it; killed when dropped (SIGKILL: its connections and locks go with it).
pub struct ApiProcess {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    _process: Running,
}

impl ApiProcess {
    /// Starts it on the story's settings (two relay shards), and returns once
    /// it leads one: the story's own process took both while alone, and hands
    /// one over within a second or two.
    pub async fn start_leading_a_shard(settings: &Settings) -> Self {
        let (mut command, port) = service_command("confab-api", settings);
        let process = Running(command.spawn().expect("start confab-api"));
        wait_for_port(port, "confab-api");
        let address = format!("http://127.0.0.1:{port}");
        wait_for_metric(&address, "outbox_relay_shards_led 1").await;
        Self {
            address,
            _process: process,
        }
    }
}

/// Waits until the API at `address` reports `line` on its `/metrics`.
pub async fn wait_for_metric(address: &str, line: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let metrics = match reqwest::get(format!("{address}/metrics")).await {
            Ok(response) => response.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if metrics.lines().any(|l| l == line) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{address}: {line} never reported"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
