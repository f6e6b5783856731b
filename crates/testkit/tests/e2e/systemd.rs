//! Running as the systemd units do: each binary tells `NOTIFY_SOCKET` READY=1
//! once it listens and STOPPING=1 on SIGTERM, then exits within its bound; and
//! the unit files pass `systemd-analyze verify`.

use confab_testkit::{TestApp, service_command, wait_for_port};
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Reads notifications until one contains `what`.
fn expect_notification(socket: &UnixDatagram, what: &str) {
    let mut buffer = [0u8; 4096];
    loop {
        let n = socket
            .recv(&mut buffer)
            .unwrap_or_else(|e| panic!("no {what} notification: {e}"));
        let message = String::from_utf8_lossy(&buffer[..n]);
        if message.lines().any(|l| l == what) {
            return;
        }
    }
}

fn notify_cycle(app: &TestApp, binary: &str, bound: Duration) {
    let dir = std::env::temp_dir().join(format!("confab-notify-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("notify.sock");
    let socket = UnixDatagram::bind(&path).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();

    let (mut command, port) = service_command(binary, &app.settings);
    let mut child = command.env("NOTIFY_SOCKET", &path).spawn().unwrap();
    expect_notification(&socket, "READY=1");
    wait_for_port(port, binary);

    let stop = Instant::now();
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    expect_notification(&socket, "STOPPING=1");
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{binary} exited with {status}");
            break;
        }
        assert!(
            stop.elapsed() < bound,
            "{binary} still running after {bound:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_api_and_the_gateway_notify_ready_and_stopping() {
    let app = TestApp::spawn().await;
    notify_cycle(&app, "confab-api", Duration::from_secs(10));
    notify_cycle(&app, "confab-gateway", Duration::from_secs(12));
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_units_pass_systemd_analyze_verify() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        // scripts/test installs the systemd package where it is missing.
        panic!("systemd-analyze is not installed");
    }
    // Verify a copy whose ExecStart points at the built binaries (verify wants
    // them to exist).
    let dir = std::env::temp_dir().join(format!("confab-units-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_owned();
    let mut units = Vec::new();
    for entry in std::fs::read_dir(root().join("systemd")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("/usr/local/bin/", &format!("{}/", target.display()));
        let name = name.replace("@.service", "@1.service");
        std::fs::write(dir.join(&name), text).unwrap();
        units.push(dir.join(name));
    }
    let output = Command::new("systemd-analyze")
        .arg("verify")
        .arg("--man=no")
        .args(&units)
        .env("SYSTEMD_LOG_LEVEL", "warning")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Lines about the host itself (no running systemd in a container, missing
    // units the host would provide) are not about our files.
    let ours: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("confab"))
        .filter(|l| !l.contains("not found") && !l.contains("No such file"))
        .collect();
    assert!(ours.is_empty(), "systemd-analyze verify:\n{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}
