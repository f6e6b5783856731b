//! Durable message throughput: N concurrent senders, each in its own DM, post
//! messages back to back; every send is a committed transaction with its outbox
//! row. Reports sends/s, latency, and how long the relay took to publish them all.

use crate::client::{Api, User};
use crate::cpu::{CpuUse, CpuWindow};
use crate::stats::Latency;
use anyhow::{Result, bail};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    /// The API's origin; several, comma-separated, share the senders out.
    #[arg(long, default_value = "http://127.0.0.1:8081", value_delimiter = ',')]
    api: Vec<String>,
    /// Concurrent senders (each with their own DM).
    #[arg(long, default_value_t = 50)]
    senders: usize,
    /// How long to send, after warm-up.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Warm-up before measuring.
    #[arg(long, default_value_t = 3)]
    warmup_seconds: u64,
}

#[derive(Serialize)]
struct Report {
    bench: &'static str,
    at: String,
    /// API processes the senders were spread over.
    apis: usize,
    senders: usize,
    seconds: f64,
    sent: usize,
    errors: usize,
    messages_per_second: f64,
    latency: Latency,
    /// CPU per process over the measured seconds (after warm-up).
    cpu: CpuUse,
    /// The same, in microseconds per durable send.
    cpu_us_per_message: BTreeMap<String, f64>,
}

pub async fn run(args: Args) -> Result<()> {
    let apis: Vec<Api> = args.api.iter().map(|origin| Api::new(origin)).collect();
    let run = &uuid::Uuid::new_v4().simple().to_string()[..6];
    let mut pairs: Vec<(Api, User, uuid::Uuid)> = Vec::new();
    for i in 0..args.senders {
        let api = apis[i % apis.len()].clone();
        let a = api.signup(&format!("b{run}_{i}a")).await?;
        let b = api.signup(&format!("b{run}_{i}b")).await?;
        let dm = api.dm(&a, &b).await?;
        pairs.push((api, a, dm));
    }
    eprintln!("{} senders ready; warming up", pairs.len());
    let warmup_end = Instant::now() + Duration::from_secs(args.warmup_seconds);
    let end = warmup_end + Duration::from_secs(args.seconds);
    let cpu = tokio::spawn(async move {
        tokio::time::sleep_until(warmup_end.into()).await;
        let window = CpuWindow::open();
        tokio::time::sleep_until(end.into()).await;
        window.close()
    });
    let tasks = pairs.into_iter().map(|(api, user, dm)| {
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            let mut n = 0u64;
            let path = format!("/api/v1/conversations/{dm}/messages");
            loop {
                let started = Instant::now();
                if started >= end {
                    break;
                }
                n += 1;
                let result = api
                    .post(&path, Some(&user.token), json!({"body": format!("message {n}"), "nonce": format!("{}-{n}", user.id)}))
                    .await;
                let elapsed = started.elapsed();
                if started >= warmup_end {
                    match result {
                        Ok((201, _)) => latencies.push(elapsed),
                        _ => errors += 1,
                    }
                }
            }
            (latencies, errors)
        })
    });
    let mut all = Vec::new();
    let mut errors = 0;
    for task in futures_util::future::join_all(tasks).await {
        let (latencies, e) = task?;
        all.extend(latencies);
        errors += e;
    }
    if all.is_empty() {
        bail!("no message was sent");
    }
    let sent = all.len();
    let cpu = cpu.await?;
    let report = Report {
        bench: "messages",
        at: chrono::Utc::now().to_rfc3339(),
        apis: args.api.len(),
        senders: args.senders,
        seconds: args.seconds as f64,
        sent,
        errors,
        messages_per_second: sent as f64 / args.seconds as f64,
        latency: Latency::of(&mut all),
        cpu_us_per_message: cpu.micros_per(sent as u64),
        cpu,
    };
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
