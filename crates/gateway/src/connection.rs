//! One task per socket: wait for `identify`, then answer client ops until the
//! socket closes or falls silent.

use crate::protocol::{ClientOp, ReadyUser, ServerFrame, close};
use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use confab_domain::auth::{Identity, TokenKeys};
use std::time::Duration;
use tokio::time::{Instant, timeout_at};
use uuid::Uuid;

#[derive(Clone)]
pub struct ConnectionConfig {
    pub heartbeat_interval: Duration,
    pub heartbeat_timeout: Duration,
    pub identify_timeout: Duration,
}

pub async fn run(
    mut session: Session,
    mut stream: MessageStream,
    keys: TokenKeys,
    config: ConnectionConfig,
) {
    let connection_id = Uuid::now_v7();
    metrics::gauge!("gateway_connections").increment(1.0);
    let identity = match identify(&mut session, &mut stream, &keys, &config).await {
        Ok(identity) => identity,
        Err(reason) => {
            metrics::gauge!("gateway_connections").decrement(1.0);
            let _ = session.close(reason).await;
            return;
        }
    };
    let ready = ServerFrame::Ready {
        user: ReadyUser {
            id: identity.user_id,
            username: &identity.username,
        },
        connection_id,
        heartbeat_interval_ms: config.heartbeat_interval.as_millis() as u64,
    };
    metrics::counter!("gateway_identifies_total").increment(1);
    metrics::gauge!("gateway_identified_connections").increment(1.0);
    tracing::debug!(%connection_id, user_id = %identity.user_id, "identified");
    let reason = if session.text(ready.encode()).await.is_ok() {
        serve(&mut session, &mut stream, &config).await
    } else {
        None
    };
    metrics::gauge!("gateway_identified_connections").decrement(1.0);
    metrics::gauge!("gateway_connections").decrement(1.0);
    let _ = session.close(reason).await;
}

fn reason(code: u16, description: &str) -> Option<CloseReason> {
    Some(CloseReason {
        code: CloseCode::Other(code),
        description: Some(description.to_owned()),
    })
}

/// Waits for a valid `identify` as the first data frame.
async fn identify(
    session: &mut Session,
    stream: &mut MessageStream,
    keys: &TokenKeys,
    config: &ConnectionConfig,
) -> Result<Identity, Option<CloseReason>> {
    let deadline = Instant::now() + config.identify_timeout;
    loop {
        let message = match timeout_at(deadline, stream.recv()).await {
            Err(_) => return Err(reason(close::NOT_IDENTIFIED, "identify timed out")),
            Ok(None) => return Err(None),
            Ok(Some(Err(_))) => return Err(reason(close::MESSAGE_TOO_BIG, "frame too large")),
            Ok(Some(Ok(message))) => message,
        };
        match message {
            Message::Text(text) => {
                return match serde_json::from_str::<ClientOp>(&text) {
                    Ok(ClientOp::Identify { token, .. }) => keys
                        .verify(&token)
                        .map_err(|_| reason(close::AUTHENTICATION_FAILED, "authentication failed")),
                    _ => Err(reason(
                        close::NOT_IDENTIFIED,
                        "the first frame must be identify",
                    )),
                };
            }
            Message::Ping(bytes) => {
                let _ = session.pong(&bytes).await;
            }
            Message::Close(_) => return Err(None),
            Message::Pong(_) | Message::Nop => {}
            Message::Binary(_) | Message::Continuation(_) => {
                return Err(reason(
                    close::NOT_IDENTIFIED,
                    "the first frame must be identify",
                ));
            }
        }
    }
}

/// The identified phase. Returns the close reason to send, if any.
async fn serve(
    session: &mut Session,
    stream: &mut MessageStream,
    config: &ConnectionConfig,
) -> Option<CloseReason> {
    loop {
        let deadline = Instant::now() + config.heartbeat_timeout;
        let message = match timeout_at(deadline, stream.recv()).await {
            Err(_) => return reason(close::HEARTBEAT_TIMEOUT, "heartbeat timed out"),
            Ok(None) => return None,
            Ok(Some(Err(_))) => return reason(close::MESSAGE_TOO_BIG, "frame too large"),
            Ok(Some(Ok(message))) => message,
        };
        let answer = match message {
            Message::Text(text) => match serde_json::from_str::<ClientOp>(&text) {
                Ok(ClientOp::Ping) => ServerFrame::Pong,
                Ok(ClientOp::Identify { .. }) => ServerFrame::Error {
                    code: "already_identified",
                    message: "this socket is already identified",
                },
                Err(_) => ServerFrame::Error {
                    code: "invalid_frame",
                    message: "expected a JSON object with a known 'op'",
                },
            },
            Message::Binary(_) | Message::Continuation(_) => ServerFrame::Error {
                code: "binary_not_supported",
                message: "send JSON text frames",
            },
            Message::Ping(bytes) => {
                let _ = session.pong(&bytes).await;
                continue;
            }
            Message::Pong(_) | Message::Nop => continue,
            Message::Close(_) => return None,
        };
        if session.text(answer.encode()).await.is_err() {
            return None;
        }
    }
}
