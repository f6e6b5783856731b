//! The first frames of a socket: a valid `identify`, within the deadline, for a
//! login that has not ended and a user under their socket cap.

use super::{Gateway, login_ended, reason, too_many_sockets};
use crate::protocol::{ClientOp, close};
use actix_ws::{CloseReason, Message, MessageStream, Session};
use confab_domain::auth::access_tokens::Scope;
use confab_domain::auth::{Identity, session_revoked};
use tokio::time::{Instant, timeout_at};
use uuid::Uuid;

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
pub(super) async fn identify(
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
                        // Events are reads: a token must hold `read` to listen.
                        Ok(identity) if !identity.grant.allows(Scope::Read.as_str()) => {
                            Err(reason(
                                close::AUTHENTICATION_FAILED,
                                "the access token lacks the read scope",
                            ))
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
