//! Typing indicators: ephemeral, never stored in Postgres, never resumed. A
//! gateway that receives `typing` appends a notice to one short Redis stream
//! (trimmed to a few hundred entries); every gateway reads it like the event
//! streams and delivers the notice to the local sockets of the conversation's
//! other members, as an event without an `id`.

use confab_domain::events::Payload;
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
    // `to` is the conversation's members from this gateway's cache: the
    // catalogue's rule for the kind (`Audience::Conversation`), without a query.
    let notice = Payload::TypingStarted(TypingStarted {
        conversation_id,
        user_id,
    });
    let mut conn = redis.clone();
    let _: String = redis::cmd("XADD")
        .arg(stream_key(prefix))
        .arg("MAXLEN")
        .arg("~")
        .arg(500)
        .arg("*")
        .arg(FIELD_TYPE)
        .arg(notice.kind().as_str())
        .arg(FIELD_RECIPIENTS)
        .arg(encode_recipients(to))
        .arg(FIELD_DATA)
        .arg(notice.data().to_string())
        .query_async(&mut conn)
        .await?;
    Ok(())
}
