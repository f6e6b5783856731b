//! The WebSocket contract: the frames clients send and every frame the gateway
//! sends back (`ready`, `pong`, `error`, and `event`: stored, ephemeral and
//! `resync`). `docs/protocol.md` is the prose version; keep them in step.

use crate::queue::Frame;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a client may send. Every frame is a JSON text frame tagged by `op`.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ClientOp {
    /// The first frame on every socket.
    Identify {
        token: String,
        /// The id of the last event the client saw, to resume from.
        #[serde(default)]
        resume_after: Option<String>,
    },
    Ping,
    /// Same effect as `POST /conversations/{id}/read`.
    Read {
        conversation_id: Uuid,
        message_id: Uuid,
    },
    /// This tab is idle (`away`) or in use again (`online`).
    Presence {
        status: ClientStatus,
    },
    /// The user is typing in a conversation (send every few seconds while they do).
    Typing {
        conversation_id: Uuid,
    },
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientStatus {
    Online,
    Away,
}

/// What the gateway sends (events are encoded by the stream readers, once).
#[derive(Debug, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ServerFrame<'a> {
    Ready {
        user: ReadyUser<'a>,
        /// Identifies this connection in the gateway's logs.
        connection_id: Uuid,
        /// How often the client should send `ping`.
        heartbeat_interval_ms: u64,
    },
    Pong,
    Error {
        code: &'a str,
        message: &'a str,
    },
}

/// Kept small on purpose: the full profile comes from `GET /api/v1/users/me`, and a
/// lean frame keeps every socket's buffers small.
#[derive(Debug, Serialize)]
pub struct ReadyUser<'a> {
    pub id: Uuid,
    pub username: &'a str,
}

impl ServerFrame<'_> {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("server frames always serialise")
    }
}

// Event frames are written around `data` that is already JSON (as the relay
// stored it), so a stream entry is encoded once for every socket, never parsed.
// `kind` is a name from the event catalogue (`EventType`), which needs no escaping.

/// The `op: event` frame of a stored event: resumable, so it carries its `id`.
pub fn event_frame(seq: i64, kind: &str, data: &str) -> Frame {
    Frame::new(
        seq,
        format!(r#"{{"op":"event","id":"{seq}-0","type":"{kind}","data":{data}}}"#),
    )
}

/// The frame of an event that is not resumable (typing): no `id`.
pub fn ephemeral_frame(kind: &str, data: &str) -> Frame {
    Frame::new(
        0,
        format!(r#"{{"op":"event","type":"{kind}","data":{data}}}"#),
    )
}

/// Tells the client that the events since its last id are gone: reload over REST.
pub fn resync_frame() -> Frame {
    #[derive(Serialize)]
    struct Resync {
        reason: &'static str,
    }
    let data = serde_json::to_string(&Resync {
        reason: "events since your last id are no longer available; reload",
    })
    .expect("resync serialises");
    ephemeral_frame("resync", &data)
}

/// Close codes the gateway uses; see `docs/protocol.md`.
pub mod close {
    /// The token in `identify` is missing, malformed, expired or forged. Refresh it,
    /// then reconnect.
    pub const AUTHENTICATION_FAILED: u16 = 4001;
    /// The socket's login ended: logged out, revoked, its password changed
    /// elsewhere, or the account deleted. Log in again.
    pub const LOGIN_ENDED: u16 = 4004;
    /// Too many sockets: the user's (`gateway.max_sockets_per_user`, over
    /// every gateway) or the client address's (`gateway.max_sockets_per_ip`).
    /// Close another tab, or reconnect later.
    pub const TOO_MANY_SOCKETS: u16 = 4005;
    /// The first frame was not `identify`, or it did not come in time.
    pub const NOT_IDENTIFIED: u16 = 4002;
    /// Nothing arrived within the heartbeat timeout. Reconnect and resume.
    pub const HEARTBEAT_TIMEOUT: u16 = 4003;
    /// The client kept sending faster than allowed after being warned.
    pub const RATE_LIMITED: u16 = 4008;
    /// The client did not read its events fast enough. Reconnect and resume.
    pub const SLOW_CONSUMER: u16 = 4009;
    /// The server is shutting down or restarting. Reconnect (to another gateway) and resume.
    pub const SERVICE_RESTART: u16 = 1012;
    /// A frame larger than the limit.
    pub const MESSAGE_TOO_BIG: u16 = 1009;
}
