//! Gateway load: many authenticated sockets, then DMs sent open-loop at a fixed
//! rate through the REST API; measures identify latency and rate, gateway RSS
//! per socket (idle, and after traffic), delivery reach and send→receive latency.

use crate::client::{Api, User};
use crate::stats::Latency;
use anyhow::{Context, Result};
use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;

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
}

#[derive(Serialize)]
struct Report {
    bench: &'static str,
    at: String,
    users: usize,
    sockets: usize,
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
    latency: Latency,
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn nanos_since(start: Instant) -> u64 {
    start.elapsed().as_nanos() as u64
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
    let rss_before = rss_kib(args.gateway_pid);
    let clock = Instant::now();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let delivered = Arc::new(AtomicU64::new(0));
    let mut identify_times = Vec::new();
    let mut sockets_per_user = vec![0u64; users.len()];
    let opened = Instant::now();
    let mut readers = Vec::new();
    for s in 0..args.sockets {
        let user = &users[s % users.len()];
        sockets_per_user[s % users.len()] += 1;
        let started = Instant::now();
        let (mut socket, _) = tokio_tungstenite::connect_async(&args.ws)
            .await
            .context("connect")?;
        socket
            .send(Message::text(
                json!({"op": "identify", "token": user.token}).to_string(),
            ))
            .await?;
        loop {
            let frame = socket.next().await.context("closed")??;
            if let Message::Text(text) = frame
                && text.contains("\"ready\"")
            {
                break;
            }
        }
        identify_times.push(started.elapsed());
        let (latencies, delivered) = (latencies.clone(), delivered.clone());
        readers.push(tokio::spawn(async move {
            let (mut sink, mut stream) = socket.split();
            let mut ping = tokio::time::interval(Duration::from_secs(15));
            loop {
                tokio::select! {
                    _ = ping.tick() => { let _ = sink.send(Message::text(r#"{"op":"ping"}"#)).await; }
                    frame = stream.next() => {
                        let Some(Ok(Message::Text(text))) = frame else {
                            if frame.is_none() { return; }
                            continue;
                        };
                        if !text.contains("message.created") { continue; }
                        let Ok(event) = serde_json::from_str::<Value>(&text) else { continue };
                        if let Some(sent) = event["data"]["body"].as_str().and_then(|b| b.strip_prefix("t=")).and_then(|t| t.parse::<u64>().ok()) {
                            let now = nanos_since(clock);
                            latencies.lock().await.push(Duration::from_nanos(now.saturating_sub(sent)));
                            delivered.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }
        }));
    }
    let identify_rate = args.sockets as f64 / opened.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_idle = rss_kib(args.gateway_pid);

    // Open loop: message k is due at k / rate, however the previous ones fared.
    let total = args.rate * args.seconds;
    let interval = Duration::from_nanos(1_000_000_000 / args.rate.max(1));
    let start = tokio::time::Instant::now();
    let send_errors = Arc::new(AtomicU64::new(0));
    let mut expected = 0u64;
    let mut sends = Vec::new();
    for k in 0..total {
        tokio::time::sleep_until(start + interval * k as u32).await;
        let (user, dm) = &dms[k as usize % dms.len()];
        let pair = (k as usize % dms.len()) * 2;
        expected += sockets_per_user[pair] + sockets_per_user[pair + 1];
        let (api, user, dm, errors) = (api.clone(), user.clone(), *dm, send_errors.clone());
        sends.push(tokio::spawn(async move {
            let body = format!("t={}", nanos_since(clock));
            match api
                .post(
                    &format!("/api/v1/conversations/{dm}/messages"),
                    Some(&user.token),
                    json!({"body": body}),
                )
                .await
            {
                Ok((201, _)) => {}
                _ => {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    futures_util::future::join_all(sends).await;
    // Let the last deliveries land.
    let settle = Instant::now();
    while delivered.load(Ordering::Relaxed) < expected && settle.elapsed() < Duration::from_secs(10)
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let rss_after = rss_kib(args.gateway_pid);
    let delivered = delivered.load(Ordering::Relaxed);
    let mut all = latencies.lock().await.clone();
    let sockets = args.sockets as f64;
    let report = Report {
        bench: "gateway",
        at: chrono::Utc::now().to_rfc3339(),
        users: users.len(),
        sockets: args.sockets,
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
    };
    println!("{}", serde_json::to_string(&report)?);
    for reader in readers {
        reader.abort();
    }
    Ok(())
}
