//! What a client may ask of an identified socket: `ping`, `presence`, `typing`
//! and `read` (`identify` again is an error).

use super::socket::{Gone, Socket};
use crate::protocol::{ClientOp, ClientStatus, ServerFrame};
use actix_ws::Message;
use confab_domain::auth::access_tokens::{Scope, insufficient_scope};
use confab_domain::error::ErrorCode;
use confab_domain::presence::Change;
use confab_domain::{access, messages, write_tx};
use std::time::Duration;
use tokio::time::Instant;
use uuid::Uuid;

/// Typing notices from one socket for one conversation, at most this often.
const TYPING_THROTTLE: Duration = Duration::from_secs(2);

impl Socket<'_> {
    /// Handles one client frame; `Ok(false)` ends the socket.
    pub(super) async fn handle(&mut self, message: Message) -> Result<bool, Gone> {
        match message {
            Message::Text(text) => match serde_json::from_str::<ClientOp>(&text) {
                Ok(ClientOp::Ping) => {
                    self.send(ServerFrame::Pong.encode()).await?;
                    self.gateway
                        .presence(self.identity.user_id, self.connection_id, Change::Heartbeat)
                        .await;
                    if self.visible {
                        self.visibility(true).await;
                    }
                }
                Ok(ClientOp::Visibility { visible }) => {
                    self.visible = visible;
                    self.visibility(visible).await;
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
                    self.error(
                        ErrorCode::AlreadyIdentified,
                        "this socket is already identified",
                    )
                    .await?
                }
                Ok(ClientOp::Typing { .. } | ClientOp::Read { .. })
                    if !self.identity.grant.allows(Scope::Messages.as_str()) =>
                {
                    let refusal = insufficient_scope(Scope::Messages.as_str());
                    self.error(refusal.code(), &refusal.to_string()).await?
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
                        ErrorCode::InvalidFrame,
                        "expected a JSON object with a known 'op' and its fields",
                    )
                    .await?
                }
            },
            Message::Binary(_) | Message::Continuation(_) => {
                self.error(ErrorCode::BinaryNotSupported, "send JSON text frames")
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

    /// Records whether this socket's tab is showing (best effort: without
    /// Redis, pushes simply go out).
    pub(super) async fn visibility(&self, visible: bool) {
        let tabs = &self.gateway.platform.foreground;
        let (user, connection) = (self.identity.user_id, self.connection_id);
        let recorded = if visible {
            tabs.shown(user, connection).await
        } else {
            tabs.hidden(user, connection).await
        };
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "tab visibility not recorded");
        }
    }

    pub(super) async fn apply_presence(&mut self, status: ClientStatus) {
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
pub(super) struct TypingThrottle {
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
