//! A WebSocket client speaking the gateway protocol, as a browser tab would.

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

pub struct WsClient {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    close_code: Option<u16>,
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
        Self {
            stream,
            close_code: None,
        }
    }

    /// Connects with a tiny receive buffer, as a client on a bad link would have:
    /// if it stops reading, the server's writes back up quickly.
    pub async fn connect_with_small_buffer(url: &str) -> Self {
        let address = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .expect("host:port")
            .parse()
            .expect("socket address");
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.set_recv_buffer_size(4096).expect("SO_RCVBUF");
        let tcp = socket.connect(address).await.expect("connect");
        let (stream, _) = tokio_tungstenite::client_async(url, MaybeTlsStream::Plain(tcp))
            .await
            .expect("websocket handshake");
        Self {
            stream,
            close_code: None,
        }
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

    /// The next JSON text frame, or `None` once the socket has ended (see
    /// [`WsClient::close_code`]).
    pub async fn recv_frame(&mut self) -> Option<Value> {
        loop {
            match self.stream.next().await {
                None | Some(Err(_)) => return None,
                Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).ok(),
                Some(Ok(Message::Close(frame))) => {
                    self.close_code = frame.map(|f| u16::from(f.code));
                    return None;
                }
                Some(Ok(_)) => continue,
            }
        }
    }

    /// The close code the server sent, once `recv_frame` returned `None`.
    pub fn close_code(&self) -> Option<u16> {
        self.close_code
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

    /// Sends `identify` with `resume_after`; returns the `ready` frame.
    pub async fn resume(&mut self, token: &str, after: &str) -> Value {
        self.send_json(
            serde_json::json!({"op": "identify", "token": token, "resume_after": after}),
        )
        .await;
        let ready = self.recv_json().await;
        assert_eq!(ready["op"], "ready", "expected ready, got {ready}");
        ready
    }

    /// The next frame that is not an event (a pong, an error), skipping events
    /// such as presence updates that may arrive at any time.
    pub async fn recv_reply(&mut self) -> Value {
        loop {
            let frame = self.recv_json().await;
            if frame["op"] != "event" {
                return frame;
            }
        }
    }

    /// The next `op: event` frame (skipping pongs and the like).
    pub async fn next_event(&mut self) -> Value {
        loop {
            let frame = self.recv_json().await;
            if frame["op"] == "event" {
                return frame;
            }
        }
    }

    /// The next event of the given type.
    pub async fn next_event_of(&mut self, kind: &str) -> Value {
        loop {
            let event = self.next_event().await;
            if event["type"] == kind {
                return event;
            }
        }
    }

    /// Asserts no event other than presence updates arrives within `quiet`.
    pub async fn expect_silence(&mut self, quiet: Duration) {
        let deadline = tokio::time::Instant::now() + quiet;
        while let Ok(Some(Ok(message))) =
            tokio::time::timeout_at(deadline, self.stream.next()).await
        {
            if let Message::Text(text) = &message
                && text.contains("\"presence.updated\"")
            {
                continue;
            }
            panic!("expected silence, got {message:?}");
        }
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
