//! A loopback TCP proxy that holds every new connection for a while before it
//! reaches the server: a database or Redis whose logins are slow (a SCRAM
//! handshake on a loaded or emulated machine), without slowing the server.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};

pub struct SlowConnectProxy {
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl SlowConnectProxy {
    /// A proxy in front of the server `url` (`scheme://user@host:port/...`,
    /// a numeric host) that forwards each connection only after `delay`.
    pub async fn start(url: &str, delay: Duration) -> Self {
        let mut url = reqwest::Url::parse(url).expect("a URL");
        let upstream: SocketAddr = format!(
            "{}:{}",
            url.host_str().expect("a host"),
            url.port_or_known_default().expect("a port")
        )
        .parse()
        .expect("a numeric host");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        url.set_host(Some("127.0.0.1")).unwrap();
        url.set_port(Some(listener.local_addr().unwrap().port()))
            .unwrap();
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
        Self {
            url: url.to_string(),
            task,
        }
    }

    /// The server's URL, through the proxy.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for SlowConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}
