//! One task per socket: wait for `identify`, resume if asked, then in one loop
//! answer client ops, drain the socket's event queue, and watch the heartbeat.

use crate::announcer::Announcer;
use crate::flood::{FloodGuard, Verdict};
use crate::hub::{AddressSlot, Hub};
use crate::members::MemberCache;
use crate::protocol::{self, ClientOp, ClientStatus, ReadyUser, ServerFrame, close};
use crate::queue::{Frame, Kick, SocketQueue};
use crate::resume::{self, Backlog};
use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use confab_domain::auth::{Identity, session_revoked};
use confab_domain::presence::Change;
use confab_domain::{Platform, access, messages, write_tx};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{Instant, timeout_at};
use uuid::Uuid;

#[derive(Clone)]
pub struct ConnectionConfig {
    pub heartbeat_interval: Duration,
    pub heartbeat_timeout: Duration,
    pub identify_timeout: Duration,
    pub queue_capacity: usize,
    /// A write that cannot complete for this long means the client stopped reading.
    pub write_timeout: Duration,
    pub flood_rate: f64,
    pub flood_burst: f64,
    pub max_sockets_per_user: usize,
    pub max_sockets_per_ip: usize,
    pub trust_forwarded_for: bool,
    pub presence_min_interval: Duration,
}

/// What every socket task shares.
pub struct Gateway {
    pub platform: Platform,
    pub hub: Arc<Hub>,
    pub announcer: Announcer,
    pub config: ConnectionConfig,
    pub members: MemberCache,
}

impl Gateway {
    /// Records a presence change of one connection and, when the user's status
    /// changed, tells their friends. Presence is best effort: a Redis hiccup is
    /// logged, never fatal to the socket.
    pub async fn presence(&self, user: Uuid, connection: Uuid, change: Change) {
        Box::pin(self.update_presence(user, connection, change)).await
    }

    async fn update_presence(&self, user: Uuid, connection: Uuid, change: Change) {
        match self
            .platform
            .presence
            .update(user, connection, change)
            .await
        {
            Ok(Some((status, version))) => self.announcer.announce(user, status, version).await,
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "presence update failed"),
        }
    }
}

// Memory: a socket's task is allocated at the size of its largest state, and
// idle sockets are most of them. Every step that an idle socket is not in is
// boxed, so it takes memory only while it runs: the rare, heavy ones (presence,
// typing, read, resume: Redis and Postgres round trips) and the sends
// (`ready`, draining the queue, the frame handler). Check the task's size with
// `-Zprint-type-sizes` (docs/architecture.md, "Gateway performance").

/// Typing notices from one socket for one conversation, at most this often.
const TYPING_THROTTLE: Duration = Duration::from_secs(2);

// Not an `async fn`: its arguments would be stored twice in the task (once as
// captured, once moved into the body's locals); an `async move` block uses the
// captured ones in place.
#[allow(clippy::manual_async_fn)]
pub fn run(
    mut session: Session,
    mut stream: MessageStream,
    gateway: Arc<Gateway>,
    address: Option<AddressSlot>,
) -> impl Future<Output = ()> {
    async move {
        let Some(_address) = address else {
            metrics::counter!("gateway_refused_sockets_total", "cap" => "address").increment(1);
            let _ = session.close(too_many_sockets()).await;
            return;
        };
        serve_socket(&mut session, &mut stream, &gateway).await
    }
}

fn too_many_sockets() -> Option<CloseReason> {
    reason(
        close::TOO_MANY_SOCKETS,
        "too many sockets; close another tab",
    )
}

async fn serve_socket(session: &mut Session, stream: &mut MessageStream, gateway: &Arc<Gateway>) {
    let connection_id = Uuid::now_v7();
    metrics::gauge!("gateway_connections").increment(1.0);
    let reason = match identify(session, stream, gateway).await {
        Ok((identity, resume_after)) => {
            let queue = Arc::new(SocketQueue::new(
                identity.session_id,
                gateway.config.queue_capacity,
            ));
            gateway.hub.register(identity.user_id, queue.clone());
            // Looked up again now that the socket is registered: a login that
            // ended after the identify check is either seen here, or its
            // `session.revoked` event finds the socket in the hub.
            if gateway.platform.auth.is_revoked(identity.session_id).await {
                queue.kick(Kick::LoginEnded);
            }
            metrics::gauge!("gateway_identified_connections").increment(1.0);
            metrics::counter!("gateway_identifies_total").increment(1);
            let mut socket = Socket {
                connection_id,
                session,
                stream,
                gateway,
                identity: &identity,
                queue: &queue,
                resumed_through: 0,
                typing: TypingThrottle::default(),
                presence_pending: None,
                presence_next: Instant::now(),
            };
            let reason = socket.serve(connection_id, resume_after).await;
            gateway.hub.unregister(identity.user_id, &queue);
            gateway
                .presence(identity.user_id, connection_id, Change::Disconnected)
                .await;
            metrics::gauge!("gateway_identified_connections").decrement(1.0);
            reason
        }
        Err(reason) => reason,
    };
    metrics::gauge!("gateway_connections").decrement(1.0);
    let _ = session.clone().close(reason).await;
}

fn reason(code: u16, description: &str) -> Option<CloseReason> {
    Some(CloseReason {
        code: CloseCode::Other(code),
        description: Some(description.to_owned()),
    })
}

fn login_ended() -> Option<CloseReason> {
    reason(close::LOGIN_ENDED, "this login has ended; log in again")
}

/// Whether the user has all the sockets they may have (counted over every
/// gateway from presence; if Redis does not answer, the socket is let in).
async fn user_is_full(gateway: &Gateway, user: Uuid) -> bool {
    let cap = gateway.config.max_sockets_per_user as u64;
    match gateway.platform.presence.live_connections(user).await {
        Ok(live) => live >= cap,
        Err(e) => {
            tracing::warn!(error = %e, "socket count not checked");
            false
        }
    }
}

/// Waits for a valid `identify` as the first data frame.
async fn identify(
    session: &mut Session,
    stream: &mut MessageStream,
    gateway: &Gateway,
) -> Result<(Identity, Option<String>), Option<CloseReason>> {
    let deadline = Instant::now() + gateway.config.identify_timeout;
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
                    Ok(ClientOp::Identify {
                        token,
                        resume_after,
                    }) => match gateway.platform.auth.authenticate(&token).await {
                        Ok(identity) if user_is_full(gateway, identity.user_id).await => {
                            metrics::counter!("gateway_refused_sockets_total", "cap" => "user")
                                .increment(1);
                            Err(too_many_sockets())
                        }
                        Ok(identity) => Ok((identity, resume_after)),
                        Err(e) if e.code() == session_revoked().code() => Err(login_ended()),
                        Err(_) => Err(reason(
                            close::AUTHENTICATION_FAILED,
                            "authentication failed",
                        )),
                    },
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

struct Socket<'a> {
    connection_id: Uuid,
    session: &'a mut Session,
    stream: &'a mut MessageStream,
    gateway: &'a Gateway,
    identity: &'a Identity,
    queue: &'a Arc<SocketQueue>,
    /// Live frames up to this sequence were already sent as backlog.
    resumed_through: i64,
    /// The typing notices passed on lately, per conversation.
    typing: TypingThrottle,
    /// A presence change waiting for `presence_next` (flapping is damped).
    presence_pending: Option<ClientStatus>,
    presence_next: Instant,
}

/// The socket is gone (closed by the client, or unwritable).
struct Gone;

/// Why draining the queue stopped.
enum Stop {
    Gone,
    Kicked(Kick),
}

impl Socket<'_> {
    async fn send(&mut self, text: impl Into<bytestring::ByteString>) -> Result<(), Gone> {
        self.session.text(text).await.map_err(|_| Gone)
    }

    async fn error(&mut self, code: &str, message: &str) -> Result<(), Gone> {
        self.send(ServerFrame::Error { code, message }.encode())
            .await
    }

    /// Returns the close reason to send, if any.
    async fn serve(
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
        loop {
            tokio::select! {
                biased;
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
                                if warn && Box::pin(self.error("rate_limited", "too many frames; slow down")).await.is_err() {
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

    /// Handles one client frame; `Ok(false)` ends the socket.
    async fn handle(&mut self, message: Message) -> Result<bool, Gone> {
        match message {
            Message::Text(text) => match serde_json::from_str::<ClientOp>(&text) {
                Ok(ClientOp::Ping) => {
                    self.send(ServerFrame::Pong.encode()).await?;
                    self.gateway
                        .presence(self.identity.user_id, self.connection_id, Change::Heartbeat)
                        .await;
                }
                Ok(ClientOp::Presence { status }) => {
                    if Instant::now() >= self.presence_next {
                        self.apply_presence(status).await;
                    } else {
                        // Flapping: the latest wish waits for its turn.
                        self.presence_pending = Some(status);
                    }
                }
                Ok(ClientOp::Identify { .. }) => {
                    self.error("already_identified", "this socket is already identified")
                        .await?
                }
                Ok(ClientOp::Typing { conversation_id }) => {
                    Box::pin(self.typing(conversation_id)).await?
                }
                Ok(ClientOp::Read {
                    conversation_id,
                    message_id,
                }) => Box::pin(self.read(conversation_id, message_id)).await?,
                Err(_) => {
                    self.error(
                        "invalid_frame",
                        "expected a JSON object with a known 'op' and its fields",
                    )
                    .await?
                }
            },
            Message::Binary(_) | Message::Continuation(_) => {
                self.error("binary_not_supported", "send JSON text frames")
                    .await?
            }
            Message::Ping(bytes) => {
                let _ = self.session.pong(&bytes).await;
            }
            Message::Pong(_) | Message::Nop => {}
            Message::Close(_) => return Ok(false),
        }
        Ok(true)
    }

    async fn apply_presence(&mut self, status: ClientStatus) {
        self.presence_next = Instant::now() + self.gateway.config.presence_min_interval;
        let change = match status {
            ClientStatus::Away => Change::Away,
            ClientStatus::Online => Change::Back,
        };
        self.gateway
            .presence(self.identity.user_id, self.connection_id, change)
            .await;
    }

    /// Passes a typing notice to the conversation's other members: at most one
    /// per conversation per `TYPING_THROTTLE` per socket, and only from those
    /// who may write there.
    async fn typing(&mut self, conversation: Uuid) -> Result<(), Gone> {
        let now = Instant::now();
        if !self.typing.allows(conversation, now) {
            return Ok(());
        }
        let me = self.identity.user_id;
        let platform = &self.gateway.platform;
        // Typing writes into the conversation: the one rule REST applies.
        let members = async {
            let mut conn = platform.conn().await?;
            access::may_write(&mut conn, conversation, me).await?;
            self.gateway.members.get(&mut conn, conversation).await
        }
        .await;
        let members = match members {
            Ok(members) => members,
            Err(e) if e.is_server_side() => {
                tracing::warn!(error = %e, "typing: members not loaded");
                return Ok(());
            }
            Err(e) => {
                let text = e.to_string();
                return self.error(e.code(), &text).await;
            }
        };
        self.typing.passed(conversation, now);
        let others: Vec<Uuid> = members.iter().copied().filter(|u| *u != me).collect();
        if let Err(e) = crate::typing::publish(
            &platform.shared_redis,
            &platform.key_prefix,
            &others,
            conversation,
            me,
        )
        .await
        {
            tracing::warn!(error = %e, "typing notice not published");
        }
        Ok(())
    }

    async fn read(&mut self, conversation: Uuid, message: Uuid) -> Result<(), Gone> {
        let me = self.identity.user_id;
        let result: confab_domain::Result<()> = async {
            write_tx!(self.gateway.platform, |c| {
                messages::mark_read(c, me, conversation, message).await
            });
            Ok(())
        }
        .await;
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.is_server_side() => {
                tracing::error!(error = %e, "read op failed");
                self.error(e.code(), "could not mark as read; try again")
                    .await
            }
            Err(e) => {
                let text = e.to_string();
                self.error(e.code(), &text).await
            }
        }
    }
}

/// The typing notices one socket passed on lately, per conversation: a socket
/// alternating between conversations is throttled in each of them.
#[derive(Default)]
struct TypingThrottle {
    recent: Vec<(Uuid, Instant)>,
}

impl TypingThrottle {
    /// Conversations remembered; a socket types in few at once.
    const REMEMBERED: usize = 8;

    fn allows(&self, conversation: Uuid, now: Instant) -> bool {
        !self
            .recent
            .iter()
            .any(|(c, at)| *c == conversation && now.duration_since(*at) < TYPING_THROTTLE)
    }

    fn passed(&mut self, conversation: Uuid, now: Instant) {
        self.recent
            .retain(|(c, at)| *c != conversation && now.duration_since(*at) < TYPING_THROTTLE);
        if self.recent.len() >= Self::REMEMBERED {
            self.recent.remove(0);
        }
        self.recent.push((conversation, now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_is_throttled_per_conversation_even_when_alternating() {
        let mut throttle = TypingThrottle::default();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let start = Instant::now();
        assert!(throttle.allows(a, start));
        throttle.passed(a, start);
        assert!(throttle.allows(b, start));
        throttle.passed(b, start);
        let soon = start + Duration::from_millis(500);
        assert!(!throttle.allows(a, soon));
        assert!(!throttle.allows(b, soon));
        let later = start + TYPING_THROTTLE;
        assert!(throttle.allows(a, later));
    }
}
