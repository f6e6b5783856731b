//! Group fan-out: one group of many members, some online over several gateways;
//! messages sent at a fixed rate by members through the REST API; measures reach
//! and send→receive latency at every online socket.

use crate::client::{Api, User};
use crate::cpu::{CpuUse, CpuWindow};
use crate::sockets::Receivers;
use crate::stats::Latency;
use anyhow::{Context, Result, bail};
use futures_util::{StreamExt, stream};
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
    /// Gateways to spread the sockets over (give several).
    #[arg(long, required = true)]
    ws: Vec<String>,
    #[arg(long, default_value_t = 1000)]
    members: usize,
    /// Members with a socket open.
    #[arg(long, default_value_t = 500)]
    online: usize,
    /// Messages per second to the group, sent open-loop.
    #[arg(long, default_value_t = 5)]
    rate: u64,
    #[arg(long, default_value_t = 20)]
    seconds: u64,
}

#[derive(Serialize)]
struct Report {
    bench: &'static str,
    at: String,
    members: usize,
    online: usize,
    gateways: usize,
    setup_seconds: f64,
    rate: u64,
    sent: u64,
    send_errors: u64,
    expected_deliveries: u64,
    delivered: u64,
    reach: f64,
    /// REST send → receipt at each online socket.
    latency: Latency,
    /// CPU per process from the first send until the last delivery landed.
    traffic_cpu: CpuUse,
    /// The same, in microseconds per delivery.
    cpu_us_per_delivery: BTreeMap<String, f64>,
}

/// Runs `f` over `items`, `width` at a time.
async fn each<T, F, Fut, R>(items: Vec<T>, width: usize, f: F) -> Result<Vec<R>>
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = Result<R>>,
{
    stream::iter(items.into_iter().map(f))
        .buffered(width)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

pub async fn run(args: Args) -> Result<()> {
    let api = Api::new(&args.api);
    let run = &uuid::Uuid::new_v4().simple().to_string()[..6];
    let setup = Instant::now();
    let names: Vec<String> = (0..args.members).map(|i| format!("m{run}_{i}")).collect();
    let users: Vec<User> = each(names, 16, |name| {
        let api = api.clone();
        async move { api.signup(&name).await }
    })
    .await?;
    let owner = &users[0];
    let (status, group) = api
        .post(
            "/api/v1/groups",
            Some(&owner.token),
            json!({"name": "Bench", "kind": "public", "handle": format!("bench{run}")}),
        )
        .await?;
    if status != 201 {
        bail!("create group: {status} {group}");
    }
    let group_id = group["id"].as_str().context("group id")?.to_owned();
    let conversation = group["conversation_id"]
        .as_str()
        .context("conversation")?
        .to_owned();
    each(users[1..].to_vec(), 8, |user| {
        let (api, path) = (api.clone(), format!("/api/v1/groups/{group_id}/join"));
        async move {
            match api.post(&path, Some(&user.token), json!({})).await? {
                (200, _) => Ok(()),
                (status, body) => bail!("join: {status} {body}"),
            }
        }
    })
    .await?;
    eprintln!(
        "{} members joined; opening {} sockets",
        users.len(),
        args.online
    );

    let receivers = Receivers::new();
    let mut readers = Vec::new();
    for (i, user) in users.iter().take(args.online).enumerate() {
        let ws = &args.ws[i % args.ws.len()];
        readers.push(receivers.open(ws, &user.token, None).await?.1);
    }
    // The joins' events are still reaching the sockets: let them pass first.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let setup_seconds = setup.elapsed().as_secs_f64();

    let total = args.rate * args.seconds;
    let interval = Duration::from_nanos(1_000_000_000 / args.rate.max(1));
    let cpu = CpuWindow::open();
    let start = tokio::time::Instant::now();
    let errors = Arc::new(AtomicU64::new(0));
    let path = format!("/api/v1/conversations/{conversation}/messages");
    let mut sends = Vec::new();
    for k in 0..total {
        tokio::time::sleep_until(start + interval * k as u32).await;
        let sender = users[(k as usize * 7919) % users.len()].clone();
        let (api, path, errors, body) =
            (api.clone(), path.clone(), errors.clone(), receivers.stamp());
        sends.push(tokio::spawn(async move {
            if !matches!(
                api.post(&path, Some(&sender.token), json!({"body": body}))
                    .await,
                Ok((201, _))
            ) {
                errors.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    futures_util::future::join_all(sends).await;
    let send_errors = errors.load(Ordering::Relaxed);
    let sent = total - send_errors;
    let expected = sent * args.online as u64;
    receivers.settle(expected, Duration::from_secs(15)).await;
    let traffic_cpu = cpu.close();
    let delivered = receivers.delivered();
    let report = Report {
        bench: "group",
        at: chrono::Utc::now().to_rfc3339(),
        members: users.len(),
        online: args.online,
        gateways: args.ws.len(),
        setup_seconds,
        rate: args.rate,
        sent,
        send_errors,
        expected_deliveries: expected,
        delivered,
        reach: delivered as f64 / expected.max(1) as f64,
        latency: Latency::of(&mut receivers.latencies().await),
        cpu_us_per_delivery: traffic_cpu.micros_per(delivered),
        traffic_cpu,
    };
    println!("{}", serde_json::to_string(&report)?);
    for reader in readers {
        reader.abort();
    }
    Ok(())
}
