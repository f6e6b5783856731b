//! A private Postgres primary and a streaming replica of it (`initdb`, then
//! `pg_basebackup -R`), from Debian's server binaries on loopback ports, for
//! stories about reads on replicas. Run as the `postgres` user when the tests
//! run as root (the server refuses root).

use crate::process::free_port;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use secrecy::ExposeSecret;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct PostgresPair {
    bin: PathBuf,
    dir: PathBuf,
    primary: u16,
    replica: u16,
}

/// The newest installed server's binaries (`CONFAB_PG_BIN` overrides).
fn server_binaries() -> PathBuf {
    if let Ok(dir) = std::env::var("CONFAB_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("Postgres server binaries under /usr/lib/postgresql (or CONFAB_PG_BIN)")
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("pg_ctl").exists())
        .collect();
    versions.sort_by_key(|bin| {
        bin.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop().expect("an installed Postgres server")
}

/// `/proc/self` belongs to the process's effective user.
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// `program` from `bin`, as the postgres user when we are root.
fn as_postgres(bin: &Path, program: &str) -> Command {
    let path = bin.join(program);
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(path);
        command.current_dir("/");
        command
    } else {
        Command::new(path)
    }
}

fn run(mut command: Command, what: &str) {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

impl PostgresPair {
    /// Both servers up, the replica streaming from the primary.
    pub fn start() -> Self {
        let bin = server_binaries();
        let dir = std::env::temp_dir().join(format!(
            "confab-pg-pair-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&dir).expect("pair dir");
        if is_root() {
            run(
                {
                    let mut c = Command::new("chown");
                    c.arg("postgres:postgres").arg(&dir);
                    c
                },
                "chown",
            );
        }
        let pair = Self {
            bin,
            dir,
            primary: free_port(),
            replica: free_port(),
        };
        let primary_data = pair.dir.join("primary");
        let mut initdb = as_postgres(&pair.bin, "initdb");
        initdb.arg("-D").arg(&primary_data).args([
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ]);
        run(initdb, "initdb");
        pair.start_server(&primary_data, pair.primary);
        let replica_data = pair.dir.join("replica");
        let mut backup = as_postgres(&pair.bin, "pg_basebackup");
        backup
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &pair.primary.to_string(),
                "-U",
                "postgres",
            ])
            .arg("-D")
            .arg(&replica_data)
            .args(["-R", "-X", "stream"]);
        run(backup, "pg_basebackup");
        pair.start_server(&replica_data, pair.replica);
        pair
    }

    fn start_server(&self, data: &Path, port: u16) {
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} \
             -c wal_level=replica -c max_wal_senders=4 -c hot_standby=on -c fsync=off \
             -c wal_receiver_status_interval=1 -c hot_standby_feedback=on",
            self.dir.display()
        );
        let mut pg_ctl = as_postgres(&self.bin, "pg_ctl");
        pg_ctl
            .arg("-D")
            .arg(data)
            .args(["-o", &options, "-w", "-t", "30", "-l"])
            .arg(data.with_extension("log"))
            .arg("start");
        run(pg_ctl, "pg_ctl start");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "postgres on {port} did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Restarts the primary (`pg_ctl restart -m fast`): every connection to
    /// it is cut, as in a Postgres upgrade or a failover.
    pub fn restart_primary(&self) {
        let mut pg_ctl = as_postgres(&self.bin, "pg_ctl");
        pg_ctl
            .arg("-D")
            .arg(self.dir.join("primary"))
            .args(["-m", "fast", "-w", "-t", "30", "stop"]);
        run(pg_ctl, "pg_ctl stop");
        self.start_server(&self.dir.join("primary"), self.primary);
    }

    /// The primary's admin URL (database `postgres`).
    pub fn primary_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.primary)
    }

    /// The same database on the replica as `url` names on the primary.
    pub fn replica_of(&self, url: &str) -> String {
        url.replace(
            &format!("127.0.0.1:{}/", self.primary),
            &format!("127.0.0.1:{}/", self.replica),
        )
    }

    /// Points reads that tolerate lag at the replica, allowing `max_lag_ms`.
    pub fn serve_replica(&self, settings: &mut confab_domain::Settings, max_lag_ms: u64) {
        let replica = self.replica_of(settings.database.url.expose_secret());
        settings.database.replica_urls = vec![secrecy::SecretString::from(replica)];
        settings.database.replica_max_lag_ms = max_lag_ms;
    }

    async fn on_replica(&self, sql: &str) {
        let url = format!("postgres://postgres@127.0.0.1:{}/postgres", self.replica);
        let mut conn = AsyncPgConnection::establish(&url)
            .await
            .expect("replica connection");
        diesel::sql_query(sql)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// The replica stops applying what it receives (its lag then grows).
    pub async fn pause_replay(&self) {
        self.on_replica("SELECT pg_wal_replay_pause()").await;
    }

    pub async fn resume_replay(&self) {
        self.on_replica("SELECT pg_wal_replay_resume()").await;
    }
}

impl Drop for PostgresPair {
    fn drop(&mut self) {
        for data in ["replica", "primary"] {
            let mut pg_ctl = as_postgres(&self.bin, "pg_ctl");
            pg_ctl
                .arg("-D")
                .arg(self.dir.join(data))
                .args(["-m", "immediate", "-w", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let _ = pg_ctl.status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
