//! One reader per partition stream per gateway process: `XREAD BLOCK` from the
//! last id it saw, and every entry goes to [`Hub::deliver`] as one frame encoded
//! once. Never a subscription per socket.

use crate::hub::Hub;
use crate::protocol::{ephemeral_frame, event_frame};
use confab_domain::auth::revocation::RevokedLogins;
use confab_domain::events::EventType;
use confab_domain::events::payloads::SessionsRevoked;
use confab_domain::events::stream::{
    FIELD_DATA, FIELD_RECIPIENTS, FIELD_TYPE, decode_recipients, parse_stream_id,
};
use confab_domain::settings::RedisSettings;
use deadpool_redis::redis::{self, Value};
use std::sync::Arc;
use std::time::Duration;

const BLOCK_MS: u64 = 5000;
const BATCH: usize = 1000;

pub struct StreamReader {
    /// Each reader connects on its own (on a cluster, to the nodes), since
    /// its `XREAD BLOCK` holds up whatever else shares its connection.
    pub redis: RedisSettings,
    pub key: String,
    /// Entries of an ephemeral stream (typing) are delivered without an `id`:
    /// they are not part of what a client resumes.
    pub ephemeral: bool,
    pub hub: Arc<Hub>,
    /// Told of `session.revoked` events, so this process's memory of live
    /// logins forgets them at once.
    pub revoked: RevokedLogins,
}

/// A stream entry, as the gateway needs it.
pub struct Entry {
    pub seq: i64,
    pub kind: String,
    pub recipients: String,
    pub data: String,
}

pub fn parse_entry(id: &str, fields: &[(String, Value)]) -> Option<Entry> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| redis::from_redis_value_ref::<String>(v).ok())
    };
    Some(Entry {
        seq: parse_stream_id(id)?,
        kind: field(FIELD_TYPE)?,
        recipients: field(FIELD_RECIPIENTS)?,
        data: field(FIELD_DATA)?,
    })
}

impl StreamReader {
    /// A `session.revoked` event closes the sockets of those logins here,
    /// before it is delivered to the user's other sockets.
    fn end_logins(&self, recipients: &[uuid::Uuid], data: &str) {
        let Ok(revoked) = serde_json::from_str::<SessionsRevoked>(data) else {
            tracing::error!("session.revoked event with unreadable data");
            return;
        };
        self.revoked.forget_checked(&revoked.session_ids);
        for user in recipients {
            let n = self.hub.end_logins(*user, &revoked.session_ids);
            metrics::counter!("gateway_revoked_sockets_total").increment(n as u64);
        }
    }

    pub async fn run(self) {
        let key = self.key.clone();
        let mut last_id: Option<String> = None;
        loop {
            if let Err(e) = self.read(&key, &mut last_id).await {
                tracing::warn!(error = %e, stream = %key, "stream reader reconnecting");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }

    async fn read(&self, key: &str, last_id: &mut Option<String>) -> redis::RedisResult<()> {
        let mut conn =
            confab_domain::redis::dedicated(&self.redis, Duration::from_millis(BLOCK_MS + 5000))
                .await?;
        if last_id.is_none() {
            // Start at the current end: what came before is for resume, not live.
            let top: redis::streams::StreamRangeReply = redis::cmd("XREVRANGE")
                .arg(key)
                .arg("+")
                .arg("-")
                .arg("COUNT")
                .arg(1)
                .query_async(&mut conn)
                .await?;
            *last_id = Some(
                top.ids
                    .first()
                    .map_or_else(|| "0-0".to_owned(), |e| e.id.clone()),
            );
        }
        loop {
            let from = last_id.clone().unwrap_or_else(|| "0-0".into());
            let reply: Option<redis::streams::StreamReadReply> = redis::cmd("XREAD")
                .arg("COUNT")
                .arg(BATCH)
                .arg("BLOCK")
                .arg(BLOCK_MS)
                .arg("STREAMS")
                .arg(key)
                .arg(&from)
                .query_async(&mut conn)
                .await?;
            let Some(reply) = reply else { continue };
            for stream in reply.keys {
                for entry in stream.ids {
                    let fields: Vec<(String, Value)> = entry.map.into_iter().collect();
                    if let Some(parsed) = parse_entry(&entry.id, &fields) {
                        let recipients = decode_recipients(&parsed.recipients);
                        if parsed.kind == EventType::SessionRevoked.as_str() {
                            self.end_logins(&recipients, &parsed.data);
                        }
                        if recipients.iter().any(|u| self.hub.is_local(*u)) {
                            let frame = if self.ephemeral {
                                ephemeral_frame(&parsed.kind, &parsed.data)
                            } else {
                                event_frame(parsed.seq, &parsed.kind, &parsed.data)
                            };
                            let n = self.hub.deliver(recipients, &frame);
                            metrics::counter!("gateway_deliveries_total").increment(n as u64);
                        }
                    }
                    *last_id = Some(entry.id);
                }
            }
        }
    }
}
