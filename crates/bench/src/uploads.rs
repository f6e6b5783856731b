//! Upload load: many large uploads at once through the REST API; measures
//! throughput and the API's peak memory (which must not grow with file size:
//! uploads stream to disk).

use crate::client::Api;
use crate::sockets::rss_kib;
use anyhow::{Result, bail};
use futures_util::stream;
use reqwest::multipart::{Form, Part};
use serde::Serialize;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "http://127.0.0.1:8081")]
    api: String,
    /// The API's pid, to read its memory.
    #[arg(long)]
    api_pid: u32,
    #[arg(long, default_value_t = 20)]
    concurrent: usize,
    #[arg(long, default_value_t = 50)]
    mib: u64,
}

#[derive(Serialize)]
struct Report {
    bench: &'static str,
    at: String,
    concurrent: usize,
    mib_each: u64,
    seconds: f64,
    mib_per_second: f64,
    failures: usize,
    api_rss_kib_before: u64,
    api_peak_rss_kib: u64,
    api_peak_growth_kib: u64,
}

/// The peak resident memory of a process so far (VmHWM).
fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// A video-looking body (an MP4 `ftyp` box, then filler), produced in 1 MiB
/// chunks as it is sent, so the load generator holds none of it.
fn body(mib: u64) -> Part {
    const CHUNK: usize = 1 << 20;
    let header = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom".to_vec();
    let chunks = stream::iter((0..mib).map(move |i| {
        let mut chunk = vec![(i % 251) as u8; CHUNK];
        if i == 0 {
            chunk[..header.len()].copy_from_slice(&header);
        }
        Ok::<_, std::io::Error>(chunk)
    }));
    Part::stream_with_length(reqwest::Body::wrap_stream(chunks), mib * CHUNK as u64)
        .file_name("clip.mp4")
}

pub async fn run(args: Args) -> Result<()> {
    let api = Api::new(&args.api);
    let run = &uuid::Uuid::new_v4().simple().to_string()[..6];
    let user = api.signup(&format!("u{run}")).await?;
    let before = rss_kib(args.api_pid);
    let started = Instant::now();
    let uploads = (0..args.concurrent).map(|_| {
        let (api, token) = (api.clone(), user.token.clone());
        tokio::spawn(async move {
            let response = api
                .http
                .post(format!("{}/api/v1/media", api.base))
                .bearer_auth(token)
                .multipart(Form::new().part("file", body(args.mib)))
                .send()
                .await;
            matches!(response, Ok(r) if r.status().as_u16() == 201)
        })
    });
    let results = futures_util::future::join_all(uploads).await;
    let seconds = started.elapsed().as_secs_f64();
    let failures = results.iter().filter(|r| !matches!(r, Ok(true))).count();
    if failures == args.concurrent {
        bail!("every upload failed");
    }
    let peak = peak_rss_kib(args.api_pid);
    let total_mib = (args.concurrent - failures) as f64 * args.mib as f64;
    let report = Report {
        bench: "uploads",
        at: chrono::Utc::now().to_rfc3339(),
        concurrent: args.concurrent,
        mib_each: args.mib,
        seconds,
        mib_per_second: total_mib / seconds,
        failures,
        api_rss_kib_before: before,
        api_peak_rss_kib: peak,
        api_peak_growth_kib: peak.saturating_sub(before),
    };
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
