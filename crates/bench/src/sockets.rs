//! Measuring sockets: each identifies, then counts the `message.created` events
//! whose body is `t=<nanos since the clock>` and records send→receive latency.

use anyhow::{Context, Result};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpSocket;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// What every measuring socket reports into.
#[derive(Clone)]
pub struct Receivers {
    clock: Instant,
    latencies: Arc<Mutex<Vec<Duration>>>,
    delivered: Arc<AtomicU64>,
}

impl Receivers {
    pub fn new() -> Self {
        Self {
            clock: Instant::now(),
            latencies: Arc::default(),
            delivered: Arc::default(),
        }
    }

    /// The body of a message to measure: its send time.
    pub fn stamp(&self) -> String {
        format!("t={}", self.clock.elapsed().as_nanos())
    }

    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::Relaxed)
    }

    pub async fn latencies(&self) -> Vec<Duration> {
        self.latencies.lock().await.clone()
    }

    /// Waits until `expected` deliveries arrived, or `patience` passed.
    pub async fn settle(&self, expected: u64, patience: Duration) {
        let started = Instant::now();
        while self.delivered() < expected && started.elapsed() < patience {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens a socket (from the local address `bind`, if given: one address
    /// has ~28k ephemeral ports), identifies, and spawns its reader. Returns
    /// how long identifying took, and the reader (abort it to close the socket).
    pub async fn open(
        &self,
        ws: &str,
        token: &str,
        bind: Option<IpAddr>,
    ) -> Result<(Duration, JoinHandle<()>)> {
        let started = Instant::now();
        // ws://host:port/path: the load generator speaks plain ws only.
        let authority = ws
            .strip_prefix("ws://")
            .and_then(|rest| rest.split('/').next())
            .context("a ws://host:port/ URL")?;
        let server = tokio::net::lookup_host(authority)
            .await?
            .next()
            .context("ws address")?;
        let tcp = TcpSocket::new_v4()?;
        if let Some(ip) = bind {
            tcp.bind(SocketAddr::new(ip, 0))?;
        }
        let stream = tcp.connect(server).await.context("connect")?;
        stream.set_nodelay(true)?;
        let (mut socket, _) =
            tokio_tungstenite::client_async_with_config(ws, stream, Some(small_read_buffer()))
                .await
                .context("handshake")?;
        socket
            .send(Message::text(
                json!({"op": "identify", "token": token}).to_string(),
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
        let took = started.elapsed();
        let me = self.clone();
        let reader = tokio::spawn(async move {
            let (mut sink, mut stream) = socket.split();
            let mut ping = tokio::time::interval(Duration::from_secs(15));
            loop {
                tokio::select! {
                    _ = ping.tick() => { let _ = sink.send(Message::text(r#"{"op":"ping"}"#)).await; }
                    frame = stream.next() => match frame {
                        None => return,
                        Some(Ok(Message::Text(text))) => me.record(&text).await,
                        Some(_) => {}
                    }
                }
            }
        });
        Ok((took, reader))
    }

    async fn record(&self, text: &str) {
        if !text.contains("message.created") {
            return;
        }
        let Ok(event) = serde_json::from_str::<Value>(text) else {
            return;
        };
        let sent = event["data"]["body"]
            .as_str()
            .and_then(|b| b.strip_prefix("t="))
            .and_then(|t| t.parse::<u64>().ok());
        if let Some(sent) = sent {
            let now = self.clock.elapsed().as_nanos() as u64;
            self.latencies
                .lock()
                .await
                .push(Duration::from_nanos(now.saturating_sub(sent)));
            self.delivered.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// tungstenite's default read buffer is 128 KiB, and it zero-fills the
/// unused part before every read: with one small frame per read, thousands of
/// sockets spent a third of the load generator's CPU in `memset` (and touched
/// 128 KiB of memory each), starving the processes it measures on a shared
/// box. Events are a few hundred bytes; larger frames take several reads.
fn small_read_buffer() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4096)
}

/// A process's resident memory, from /proc.
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}
