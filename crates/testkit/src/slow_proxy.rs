//! A loopback TCP proxy that holds every new connection for a while before it
//! reaches the server: a database or Redis whose logins are slow (a SCRAM
//! handshake on a loaded or emulated machine), without slowing the server.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};

pub struct SlowConnectProxy {
    port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl SlowConnectProxy {
    /// Forwards to `upstream`, each connection only after `delay`.
    pub async fn start(upstream: SocketAddr, delay: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                });
            }
        });
        Self { port, task }
    }

    /// `url` with its host and port replaced by the proxy's.
    pub fn url_through(&self, url: &str) -> String {
        let mut url = reqwest::Url::parse(url).expect("a URL");
        url.set_host(Some("127.0.0.1")).unwrap();
        url.set_port(Some(self.port)).unwrap();
        url.to_string()
    }
}

impl Drop for SlowConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The address a `scheme://user@host:port/...` URL points at.
pub fn socket_address_of(url: &str) -> SocketAddr {
    let url = reqwest::Url::parse(url).expect("a URL");
    let host = url.host_str().expect("a host");
    let port = url.port_or_known_default().expect("a port");
    format!("{host}:{port}").parse().expect("a numeric host")
}
