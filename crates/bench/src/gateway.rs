//! Gateway load: many authenticated sockets, then DMs sent open-loop at a fixed
//! rate through the REST API; measures identify latency and rate, gateway RSS
//! per socket (idle, and after traffic), delivery reach and send→receive latency.

use crate::client::{Api, User};
use crate::cpu::{CpuUse, CpuWindow};
use crate::sockets::{Receivers, rss_kib};
use crate::stats::Latency;
use anyhow::Result;
use futures_util::StreamExt;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "http://127.0.0.1:8081")]
    api: String,
    #[arg(long, default_value = "ws://127.0.0.1:8082/ws")]
    ws: String,
    /// The gateway's pid, to read its memory.
    #[arg(long)]
    gateway_pid: u32,
    /// Users (in friend pairs, each pair with a DM).
    #[arg(long, default_value_t = 200)]
    users: usize,
    /// Sockets, spread over the users (several tabs each).
    #[arg(long, default_value_t = 2000)]
    sockets: usize,
    /// Messages per second, sent open-loop (on schedule, whatever the latency).
    #[arg(long, default_value_t = 200)]
    rate: u64,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Sockets identifying at once while opening (1: one after another).
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Local address to open the sockets from (e.g. 127.0.0.2), so several
    /// load processes each have their own ephemeral ports.
    #[arg(long)]
    bind: Option<std::net::IpAddr>,
    /// With several load processes: a directory where each says when it is
    /// ready for the next phase, so their phases (open, send) line up.
    #[arg(long)]
    barrier: Option<std::path::PathBuf>,
    /// How many load processes meet at the barrier.
    #[arg(long, default_value_t = 1)]
    parties: usize,
    /// Seconds to hold the sockets idle before the traffic (to profile the
    /// gateway at rest).
    #[arg(long, default_value_t = 2)]
    hold: u64,
}

#[derive(Serialize)]
struct Report {
    bench: &'static str,
    at: String,
    users: usize,
    sockets: usize,
    identify_concurrency: usize,
    identify_per_second: f64,
    identify: Latency,
    rss_kib_before: u64,
    rss_kib_idle: u64,
    idle_kib_per_socket: f64,
    rss_kib_after_traffic: u64,
    kib_per_socket_after_traffic: f64,
    rate: u64,
    sent: u64,
    send_errors: u64,
    expected_deliveries: u64,
    delivered: u64,
    reach: f64,
    /// REST send → socket receipt.
    latency: Latency,
    /// REST send → its 201 (the part of `latency` the API and Postgres take).
    post: Latency,
    /// CPU per process from the first send until the last delivery landed.
    traffic_cpu: CpuUse,
    /// The same, in microseconds per delivery.
    cpu_us_per_delivery: BTreeMap<String, f64>,
}

/// Waits until every load process reached `phase` (a file each in the barrier
/// directory); without a barrier, returns at once.
async fn meet(args: &Args, phase: &str) -> Result<()> {
    let Some(dir) = &args.barrier else {
        return Ok(());
    };
    std::fs::write(dir.join(format!("{phase}.{}", std::process::id())), b"")?;
    loop {
        let arrived = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{phase}."))
            })
            .count();
        if arrived >= args.parties {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn run(args: Args) -> Result<()> {
    let api = Api::new(&args.api);
    let run = &uuid::Uuid::new_v4().simple().to_string()[..6];
    let mut users: Vec<User> = Vec::new();
    let mut dms = Vec::new();
    for i in 0..args.users / 2 {
        let a = api.signup(&format!("g{run}_{i}a")).await?;
        let b = api.signup(&format!("g{run}_{i}b")).await?;
        dms.push((a.clone(), api.dm(&a, &b).await?));
        users.push(a);
        users.push(b);
    }
    eprintln!(
        "{} users ready; opening {} sockets",
        users.len(),
        args.sockets
    );
    meet(&args, "signed-up").await?;
    let rss_before = rss_kib(args.gateway_pid);
    let receivers = Receivers::new();
    let mut sockets_per_user = vec![0u64; users.len()];
    for s in 0..args.sockets {
        sockets_per_user[s % users.len()] += 1;
    }
    // Closed loop with `concurrency` handshakes in flight: the rate is what the
    // gateway sustains, each latency what one client waited for `ready`.
    let opened = Instant::now();
    let opening: Vec<Result<(Duration, tokio::task::JoinHandle<()>)>> =
        futures_util::stream::iter(0..args.sockets)
            .map(|s| {
                let (receivers, ws) = (receivers.clone(), args.ws.clone());
                let token = users[s % users.len()].token.clone();
                let bind = args.bind;
                async move { receivers.open(&ws, &token, bind).await }
            })
            .buffer_unordered(args.concurrency.max(1))
            .collect()
            .await;
    let identify_rate = args.sockets as f64 / opened.elapsed().as_secs_f64();
    let mut identify_times = Vec::new();
    let mut readers = Vec::new();
    for result in opening {
        let (took, reader) = result?;
        identify_times.push(took);
        readers.push(reader);
    }
    meet(&args, "opened").await?;
    tokio::time::sleep(Duration::from_secs(args.hold)).await;
    let rss_idle = rss_kib(args.gateway_pid);

    // Open loop: message k is due at k / rate, however the previous ones fared.
    let cpu = CpuWindow::open();
    let total = args.rate * args.seconds;
    // A profiler started on this line sees the traffic alone.
    eprintln!(
        "{} sockets open; sending {} messages/s for {} s",
        args.sockets, args.rate, args.seconds
    );
    let interval = Duration::from_nanos(1_000_000_000 / args.rate.max(1));
    let start = tokio::time::Instant::now();
    let send_errors = Arc::new(AtomicU64::new(0));
    let post_times = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut expected = 0u64;
    let mut sends = Vec::new();
    for k in 0..total {
        tokio::time::sleep_until(start + interval * k as u32).await;
        let (user, dm) = &dms[k as usize % dms.len()];
        let pair = (k as usize % dms.len()) * 2;
        expected += sockets_per_user[pair] + sockets_per_user[pair + 1];
        let (api, user, dm, errors) = (api.clone(), user.clone(), *dm, send_errors.clone());
        let post_times = post_times.clone();
        let body = receivers.stamp();
        sends.push(tokio::spawn(async move {
            let posted = Instant::now();
            let answer = api
                .post(
                    &format!("/api/v1/conversations/{dm}/messages"),
                    Some(&user.token),
                    json!({"body": body}),
                )
                .await;
            post_times.lock().expect("times").push(posted.elapsed());
            match answer {
                Ok((201, _)) => {}
                _ => {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    futures_util::future::join_all(sends).await;
    // Let the last deliveries land.
    receivers.settle(expected, Duration::from_secs(10)).await;
    let traffic_cpu = cpu.close();
    let rss_after = rss_kib(args.gateway_pid);
    let delivered = receivers.delivered();
    let mut all = receivers.latencies().await;
    let sockets = args.sockets as f64;
    let report = Report {
        bench: "gateway",
        at: chrono::Utc::now().to_rfc3339(),
        users: users.len(),
        sockets: args.sockets,
        identify_concurrency: args.concurrency,
        identify_per_second: identify_rate,
        identify: Latency::of(&mut identify_times),
        rss_kib_before: rss_before,
        rss_kib_idle: rss_idle,
        idle_kib_per_socket: (rss_idle.saturating_sub(rss_before)) as f64 / sockets,
        rss_kib_after_traffic: rss_after,
        kib_per_socket_after_traffic: (rss_after.saturating_sub(rss_before)) as f64 / sockets,
        rate: args.rate,
        sent: total - send_errors.load(Ordering::Relaxed),
        send_errors: send_errors.load(Ordering::Relaxed),
        expected_deliveries: expected,
        delivered,
        reach: delivered as f64 / expected.max(1) as f64,
        latency: Latency::of(&mut all),
        post: Latency::of(&mut post_times.lock().expect("times")),
        cpu_us_per_delivery: traffic_cpu.micros_per(delivered),
        traffic_cpu,
    };
    println!("{}", serde_json::to_string(&report)?);
    for reader in readers {
        reader.abort();
    }
    Ok(())
}
