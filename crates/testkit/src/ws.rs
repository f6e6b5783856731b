//! A WebSocket client speaking the gateway protocol, as a browser tab would.

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

pub struct WsClient {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// How a socket ended, as seen by the client.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    Closed(Option<u16>),
    Dropped,
}

const WAIT: Duration = Duration::from_secs(10);

impl WsClient {
    pub async fn connect(url: &str) -> Self {
        let (stream, _) = connect_async(url).await.expect("websocket connect");
        Self { stream }
    }

    pub async fn send_json(&mut self, value: Value) {
        self.send_text(&value.to_string()).await;
    }

    pub async fn send_text(&mut self, text: &str) {
        self.stream
            .send(Message::text(text))
            .await
            .expect("websocket send");
    }

    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.stream
            .send(Message::binary(bytes))
            .await
            .expect("websocket send");
    }

    /// The next JSON text frame; panics on close or after a timeout.
    pub async fn recv_json(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(WAIT, self.stream.next())
                .await
                .expect("timed out waiting for a frame")
                .expect("socket ended")
                .expect("socket error");
            match message {
                Message::Text(text) => return serde_json::from_str(&text).expect("JSON frame"),
                Message::Close(frame) => panic!("socket closed: {frame:?}"),
                _ => continue,
            }
        }
    }

    /// Sends `identify` and returns the `ready` frame.
    pub async fn identify(&mut self, token: &str) -> Value {
        self.send_json(serde_json::json!({"op": "identify", "token": token}))
            .await;
        let ready = self.recv_json().await;
        assert_eq!(ready["op"], "ready", "expected ready, got {ready}");
        ready
    }

    /// Reads until the server ends the socket; returns how (skipping data frames).
    pub async fn ended(&mut self, within: Duration) -> Ended {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.stream.next()).await {
                Err(_) => panic!("socket still open after {within:?}"),
                Ok(None) | Ok(Some(Err(_))) => return Ended::Dropped,
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return Ended::Closed(frame.map(|f| u16::from(f.code)));
                }
                Ok(Some(Ok(_))) => continue,
            }
        }
    }
}
