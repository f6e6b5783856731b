//! One task per socket: wait for `identify` (`handshake`), resume if asked, then
//! in one loop (`socket`) answer client ops (`ops`), drain the socket's event
//! queue, and watch the heartbeat.

mod handshake;
mod ops;
mod socket;

use crate::announcer::Announcer;
use crate::hub::{AddressSlot, Hub};
use crate::members::MemberCache;
use crate::protocol::close;
use crate::queue::{Kick, SocketQueue};
use actix_ws::{CloseCode, CloseReason, MessageStream, Session};
use confab_domain::Platform;
use confab_domain::presence::Change;
use handshake::identify;
use ops::TypingThrottle;
use socket::Socket;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
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
                visible: false,
            };
            let reason = socket.serve(connection_id, resume_after).await;
            if socket.visible {
                socket.visibility(false).await;
            }
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
