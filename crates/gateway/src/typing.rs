//! Typing indicators: ephemeral, never stored in Postgres, never resumed. A
//! gateway that receives `typing` appends a notice to one short Redis stream
//! (trimmed to a few hundred entries); every gateway reads it like the event
//! streams and delivers the notice to the local sockets of the conversation's
//! other members, as an event without an `id`.

use confab_domain::events::EventType;
use confab_domain::events::payloads::TypingStarted;
use confab_domain::events::stream::{FIELD_DATA, FIELD_RECIPIENTS, FIELD_TYPE, encode_recipients};
use confab_domain::redis::SharedRedis;
use deadpool_redis::redis;
use uuid::Uuid;

/// One key with its own hash tag: fine on a cluster, and small.
pub fn stream_key(prefix: &str) -> String {
    format!("{prefix}{{typing}}:stream")
}

pub async fn publish(
    redis: &SharedRedis,
    prefix: &str,
    to: &[Uuid],
    conversation_id: Uuid,
    user_id: Uuid,
) -> confab_domain::Result<()> {
    let data = serde_json::to_string(&TypingStarted {
        conversation_id,
        user_id,
    })
    .expect("typing notice serialises");
    let mut conn = redis.clone();
    let _: String = redis::cmd("XADD")
        .arg(stream_key(prefix))
        .arg("MAXLEN")
        .arg("~")
        .arg(500)
        .arg("*")
        .arg(FIELD_TYPE)
        .arg(EventType::TypingStarted.as_str())
        .arg(FIELD_RECIPIENTS)
        .arg(encode_recipients(to))
        .arg(FIELD_DATA)
        .arg(data)
        .query_async(&mut conn)
        .await?;
    Ok(())
}
