//! The WebSocket contract's frames: what clients send, and the gateway's own
//! frames (event frames are written by the gateway around stored JSON; their
//! shape is the catalogue's `Payload` with `op` and `id`). They live here, not
//! in the gateway, so the API's OpenAPI document describes them too.
//! `docs/protocol.md` is the prose version.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What a client may send: JSON text frames tagged by `op`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ClientOp {
    /// The first frame on every socket.
    Identify {
        /// An access token (`POST /auth/login`).
        token: String,
        /// The id of the last event the client saw, to resume from.
        #[serde(default)]
        resume_after: Option<String>,
    },
    /// The heartbeat: send one every `heartbeat_interval_ms`.
    Ping,
    /// Same effect as `POST /conversations/{id}/read`.
    Read {
        conversation_id: Uuid,
        message_id: Uuid,
    },
    /// This tab is idle (`away`) or in use again (`online`).
    Presence { status: ClientStatus },
    /// The user is typing in a conversation (send every few seconds while they do).
    Typing { conversation_id: Uuid },
    /// This tab is shown (`true`) or hidden: while any of a user's tabs is
    /// shown, they get no pushes. A socket counts as hidden until it says.
    Visibility { visible: bool },
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClientStatus {
    Online,
    Away,
}

/// The gateway's own frames (besides `op: event`, see `EventFrame`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ServerFrame<'a> {
    /// The answer to `identify`.
    Ready {
        user: ReadyUser<'a>,
        /// Identifies this connection in the gateway's logs.
        connection_id: Uuid,
        /// How often the client should send `ping`.
        heartbeat_interval_ms: u64,
    },
    /// The answer to `ping`.
    Pong,
    /// A frame was refused; the socket stays open.
    Error { code: ErrorCode, message: &'a str },
}

/// Kept small on purpose: the full profile comes from `GET /api/v1/users/me`, and a
/// lean frame keeps every socket's buffers small.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadyUser<'a> {
    pub id: Uuid,
    pub username: &'a str,
}

impl ServerFrame<'_> {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("server frames always serialise")
    }
}

/// Close codes the gateway uses, with what the client should do.
pub mod close {
    /// The token in `identify` is missing, malformed, expired or forged. Refresh it,
    /// then reconnect.
    pub const AUTHENTICATION_FAILED: u16 = 4001;
    /// The first frame was not `identify`, or it did not come in time.
    pub const NOT_IDENTIFIED: u16 = 4002;
    /// Nothing arrived within the heartbeat timeout. Reconnect and resume.
    pub const HEARTBEAT_TIMEOUT: u16 = 4003;
    /// The socket's login ended: logged out, revoked, its password changed
    /// elsewhere, or the account deleted. Log in again.
    pub const LOGIN_ENDED: u16 = 4004;
    /// Too many sockets: the user's (`gateway.max_sockets_per_user`, over
    /// every gateway) or the client address's (`gateway.max_sockets_per_ip`).
    /// Close another tab, or reconnect later.
    pub const TOO_MANY_SOCKETS: u16 = 4005;
    /// The client kept sending faster than allowed after being warned.
    pub const RATE_LIMITED: u16 = 4008;
    /// The client did not read its events fast enough. Reconnect and resume.
    pub const SLOW_CONSUMER: u16 = 4009;
    /// A frame larger than the limit.
    pub const MESSAGE_TOO_BIG: u16 = 1009;
    /// The server is shutting down or restarting. Reconnect (to another gateway) and resume.
    pub const SERVICE_RESTART: u16 = 1012;

    /// Every code with what it means, for the API's document.
    pub const ALL: [(u16, &str); 9] = [
        (
            AUTHENTICATION_FAILED,
            "the token is missing, malformed, expired or forged: refresh it, then reconnect",
        ),
        (
            NOT_IDENTIFIED,
            "the first frame was not `identify`, or it came too late",
        ),
        (
            HEARTBEAT_TIMEOUT,
            "nothing arrived within the heartbeat timeout: reconnect and resume",
        ),
        (
            LOGIN_ENDED,
            "the login ended (logout, revocation, password change, deletion): log in again",
        ),
        (
            TOO_MANY_SOCKETS,
            "too many sockets for the user or the address: close another, or retry later",
        ),
        (RATE_LIMITED, "frames kept coming too fast after a warning"),
        (
            SLOW_CONSUMER,
            "events were not read fast enough: reconnect and resume",
        ),
        (MESSAGE_TOO_BIG, "a frame larger than the limit"),
        (
            SERVICE_RESTART,
            "the gateway is restarting: reconnect (to another) and resume",
        ),
    ];
}
