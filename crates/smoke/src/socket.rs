//! One gateway socket through the public origin (`/ws`, WSS for https):
//! identify, resume after the last event seen, heartbeats.

use anyhow::{Context, Result, bail};
use futures_util::{SinkExt, StreamExt};
use rustls::pki_types::pem::PemObject;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;

use crate::api::Api;

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

pub struct Socket {
    ws: WebSocketStream<Box<dyn Io>>,
    heartbeat: Duration,
    pinged: Instant,
}

/// Why a socket stopped: the close code when the gateway sent one.
#[derive(Debug)]
pub struct Closed(pub Option<u16>);

impl std::fmt::Display for Closed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(code) => write!(f, "socket closed with {code}"),
            None => write!(f, "socket dropped"),
        }
    }
}

impl std::error::Error for Closed {}

impl Socket {
    /// Connects and identifies, resuming after `resume_after` when given.
    pub async fn open(api: &Api, token: &str, resume_after: Option<&str>) -> Result<Self> {
        let host = api.base.host_str().context("no host in --base")?.to_owned();
        let port = api.base.port_or_known_default().context("no port")?;
        let tcp = tokio::net::TcpStream::connect((host.as_str(), port))
            .await
            .with_context(|| format!("connect {host}:{port}"))?;
        let io: Box<dyn Io> = if api.base.scheme() == "https" {
            Box::new(tls(api, &host, tcp).await?)
        } else {
            Box::new(tcp)
        };
        let scheme = if api.base.scheme() == "https" {
            "wss"
        } else {
            "ws"
        };
        let (ws, _) = tokio_tungstenite::client_async(format!("{scheme}://{host}:{port}/ws"), io)
            .await
            .context("WebSocket upgrade")?;
        let mut socket = Self {
            ws,
            heartbeat: Duration::from_secs(20),
            pinged: Instant::now(),
        };
        let mut identify = json!({"op": "identify", "token": token});
        if let Some(id) = resume_after {
            identify["resume_after"] = json!(id);
        }
        socket.ws.send(Message::text(identify.to_string())).await?;
        let ready = socket
            .next_frame(Duration::from_secs(15))
            .await?
            .context("no ready within 15 s")?;
        if ready["op"] != "ready" {
            bail!("identify answered {ready}");
        }
        if let Some(ms) = ready["heartbeat_interval_ms"].as_u64() {
            socket.heartbeat = Duration::from_millis(ms);
        }
        Ok(socket)
    }

    /// The next frame within `within` (None when none came), pinging on time.
    /// A close is an error holding [`Closed`].
    pub async fn next_frame(&mut self, within: Duration) -> Result<Option<Value>> {
        let deadline = Instant::now() + within;
        loop {
            if self.pinged.elapsed() >= self.heartbeat {
                self.ws.send(Message::text(r#"{"op":"ping"}"#)).await?;
                self.pinged = Instant::now();
            }
            let wait = deadline
                .saturating_duration_since(Instant::now())
                .min(self.heartbeat.saturating_sub(self.pinged.elapsed()));
            let frame = match tokio::time::timeout(wait, self.ws.next()).await {
                Err(_) if Instant::now() >= deadline => return Ok(None),
                Err(_) => continue,
                Ok(None) => return Err(Closed(None).into()),
                Ok(Some(Err(_))) => return Err(Closed(None).into()),
                Ok(Some(Ok(frame))) => frame,
            };
            match frame {
                Message::Text(text) => {
                    let value: Value = serde_json::from_str(&text).context("a frame not JSON")?;
                    if value["op"] != "pong" {
                        return Ok(Some(value));
                    }
                }
                Message::Close(close) => {
                    return Err(Closed(close.map(|c| u16::from(c.code))).into());
                }
                _ => {}
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }
}

/// TLS trusting the `--ca` certificate, or the system's roots without one.
async fn tls(
    api: &Api,
    host: &str,
    tcp: tokio::net::TcpStream,
) -> Result<tokio_rustls::client::TlsStream<tokio::net::TcpStream>> {
    let mut roots = rustls::RootCertStore::empty();
    if let Some(pem) = &api.ca_pem {
        for cert in rustls::pki_types::CertificateDer::pem_slice_iter(pem) {
            roots.add(cert.context("--ca")?)?;
        }
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(host.to_owned())?;
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .context("TLS handshake")
}

/// Whether an event frame is a new message in `conversation`.
pub fn message_created<'a>(frame: &'a Value, conversation: &str) -> Option<&'a Value> {
    (frame["op"] == "event"
        && frame["type"] == "message.created"
        && frame["data"]["conversation_id"] == conversation)
        .then_some(&frame["data"])
}
