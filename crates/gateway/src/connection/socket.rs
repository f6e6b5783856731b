//! A socket after `identify`: the loop that reads client frames, drains the
//! event queue and watches the heartbeat, and the resume before it.

use super::ops::TypingThrottle;
use super::{Gateway, login_ended, reason};
use crate::flood::{FloodGuard, Verdict};
use crate::protocol::{self, ClientStatus, ReadyUser, ServerFrame, close};
use crate::queue::{Frame, Kick, SocketQueue};
use crate::resume::{self, Backlog};
use actix_ws::{CloseReason, Message, MessageStream, Session};
use confab_domain::auth::Identity;
use confab_domain::error::ErrorCode;
use confab_domain::presence::Change;
use std::sync::Arc;
use tokio::time::{Instant, timeout_at};
use uuid::Uuid;

pub(super) struct Socket<'a> {
    pub(super) connection_id: Uuid,
    pub(super) session: &'a mut Session,
    pub(super) stream: &'a mut MessageStream,
    pub(super) gateway: &'a Gateway,
    pub(super) identity: &'a Identity,
    pub(super) queue: &'a Arc<SocketQueue>,
    /// Live frames up to this sequence were already sent as backlog.
    pub(super) resumed_through: i64,
    /// The typing notices passed on lately, per conversation.
    pub(super) typing: TypingThrottle,
    /// A presence change waiting for `presence_next` (flapping is damped).
    pub(super) presence_pending: Option<ClientStatus>,
    pub(super) presence_next: Instant,
    /// This socket's tab is showing (`visibility`); heartbeats keep it counted.
    pub(super) visible: bool,
}

/// The socket is gone (closed by the client, or unwritable).
pub(super) struct Gone;

/// Why draining the queue stopped.
pub(super) enum Stop {
    Gone,
    Kicked(Kick),
}

impl Socket<'_> {
    pub(super) async fn send(
        &mut self,
        text: impl Into<bytestring::ByteString>,
    ) -> Result<(), Gone> {
        self.session.text(text).await.map_err(|_| Gone)
    }

    pub(super) async fn error(&mut self, code: ErrorCode, message: &str) -> Result<(), Gone> {
        self.send(ServerFrame::Error { code, message }.encode())
            .await
    }

    /// Returns the close reason to send, if any.
    pub(super) async fn serve(
        &mut self,
        connection_id: Uuid,
        resume_after: Option<String>,
    ) -> Option<CloseReason> {
        let config = &self.gateway.config;
        let ready = ServerFrame::Ready {
            user: ReadyUser {
                id: self.identity.user_id,
                username: &self.identity.username,
            },
            connection_id,
            heartbeat_interval_ms: config.heartbeat_interval.as_millis() as u64,
        }
        .encode();
        if Box::pin(self.send(ready)).await.is_err() {
            return None;
        }
        // After `ready`: the handshake waits for nothing but the token check.
        self.gateway
            .presence(self.identity.user_id, connection_id, Change::Connected)
            .await;
        if let Some(after) = resume_after
            && Box::pin(self.resume(&after)).await.is_err()
        {
            return None;
        }
        let mut flood = FloodGuard::new(
            config.flood_rate,
            config.flood_burst,
            2 * config.flood_burst as u32,
        );
        let mut pending: Vec<Frame> = Vec::new();
        let mut deadline = Instant::now() + config.heartbeat_timeout;
        // A token that expires ends its sockets then (a login's sockets outlive
        // its short JWT by design).
        let token_ends = self
            .identity
            .grant
            .ends_in()
            .map(|left| Instant::now() + left);
        loop {
            tokio::select! {
                biased;
                () = tokio::time::sleep_until(token_ends.unwrap_or_else(Instant::now)), if token_ends.is_some() => {
                    return reason(close::AUTHENTICATION_FAILED, "the access token expired");
                }
                () = self.queue.wait() => {
                    match Box::pin(self.drain(&mut pending)).await {
                        Ok(()) => {}
                        Err(Stop::Gone) => return None,
                        Err(Stop::Kicked(Kick::SlowConsumer)) => {
                            metrics::counter!("gateway_slow_consumers_total").increment(1);
                            return reason(close::SLOW_CONSUMER, "too slow to read events; resume");
                        }
                        Err(Stop::Kicked(Kick::Restart)) => {
                            return reason(close::SERVICE_RESTART, "gateway restarting; reconnect and resume");
                        }
                        Err(Stop::Kicked(Kick::LoginEnded)) => return login_ended(),
                    }
                }
                () = tokio::time::sleep_until(self.presence_next), if self.presence_pending.is_some() => {
                    if let Some(status) = self.presence_pending.take() {
                        Box::pin(self.apply_presence(status)).await;
                    }
                }
                message = timeout_at(deadline, self.stream.recv()) => {
                    let message = match message {
                        Err(_) => return reason(close::HEARTBEAT_TIMEOUT, "heartbeat timed out"),
                        Ok(None) => return None,
                        Ok(Some(Err(_))) => return reason(close::MESSAGE_TOO_BIG, "frame too large"),
                        Ok(Some(Ok(message))) => message,
                    };
                    deadline = Instant::now() + config.heartbeat_timeout;
                    if matches!(message, Message::Text(_) | Message::Binary(_)) {
                        match flood.check(std::time::Instant::now()) {
                            Verdict::Allow => {}
                            Verdict::Drop { warn } => {
                                if warn && Box::pin(self.error(ErrorCode::RateLimited, "too many frames; slow down")).await.is_err() {
                                    return None;
                                }
                                continue;
                            }
                            Verdict::Disconnect => return reason(close::RATE_LIMITED, "too many frames"),
                        }
                    }
                    match Box::pin(self.handle(message)).await {
                        Ok(true) => {}
                        Ok(false) | Err(Gone) => return None,
                    }
                }
            }
        }
    }

    /// Sends everything queued, until the queue is empty. A client that stops
    /// reading blocks the write; then a full queue, a shutdown or the write
    /// timeout ends the socket rather than waiting for it.
    async fn drain(&mut self, pending: &mut Vec<Frame>) -> Result<(), Stop> {
        loop {
            if let Some(kick) = self.queue.take(pending) {
                return Err(Stop::Kicked(kick));
            }
            if pending.is_empty() {
                return Ok(());
            }
            for frame in pending.drain(..) {
                if frame.seq != 0 && frame.seq <= self.resumed_through {
                    continue;
                }
                let send = self.session.text(frame.text);
                tokio::pin!(send);
                let give_up = tokio::time::sleep(self.gateway.config.write_timeout);
                tokio::pin!(give_up);
                loop {
                    tokio::select! {
                        sent = &mut send => {
                            sent.map_err(|_| Stop::Gone)?;
                            break;
                        }
                        () = self.queue.wait() => {
                            if let Some(kick) = self.queue.kicked() {
                                return Err(Stop::Kicked(kick));
                            }
                        }
                        () = &mut give_up => return Err(Stop::Kicked(Kick::SlowConsumer)),
                    }
                }
            }
        }
    }

    /// Sends what the user missed since `after` (or `resync`), before any live frame.
    async fn resume(&mut self, after: &str) -> Result<(), Gone> {
        let platform = &self.gateway.platform;
        match resume::backlog(
            &platform.redis,
            &platform.layout,
            self.identity.user_id,
            after,
        )
        .await
        {
            Ok(Backlog::Events(frames, through)) => {
                self.resumed_through = through;
                metrics::counter!("gateway_resumed_events_total").increment(frames.len() as u64);
                for frame in frames {
                    self.send(frame.text).await?;
                }
                Ok(())
            }
            Ok(Backlog::Resync) => self.send(protocol::resync_frame().text).await,
            Err(e) => {
                tracing::warn!(error = %e, "resume failed; asking the client to resync");
                self.send(protocol::resync_frame().text).await
            }
        }
    }
}
