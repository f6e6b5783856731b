//! Resuming: the events a user missed since the id they last saw, read from their
//! partition's stream, or `resync` when the stream can no longer tell.

use crate::protocol::event_frame;
use crate::queue::Frame;
use crate::reader::parse_entry;
use confab_domain::events::stream::{StreamLayout, decode_recipients, parse_stream_id, stream_id};
use confab_domain::redis::{PooledRedis, RedisPool};
use deadpool_redis::redis::{self, Value};
use uuid::Uuid;

/// More missed events than this and a reload is cheaper than a replay.
const MAX_BACKLOG: usize = 5000;
const PAGE: usize = 1000;

pub enum Backlog {
    /// The missed events, in order, and the last sequence number scanned.
    Events(Vec<Frame>, i64),
    /// Events may be lost: the client must reload over REST.
    Resync,
}

pub async fn backlog(
    redis: &RedisPool,
    layout: &StreamLayout,
    user: Uuid,
    resume_after: &str,
) -> Result<Backlog, confab_domain::Error> {
    let Some(after) = parse_stream_id(resume_after) else {
        return Ok(Backlog::Resync);
    };
    let partition = layout.partition_of(user);
    let key = layout.stream_key(partition);
    let mut conn = redis.get().await?;

    let floor: Option<i64> = redis::cmd("GET")
        .arg(layout.floor_key(partition))
        .query_async(&mut conn)
        .await?;
    // Nothing written since Redis started empty, or the client's id predates what
    // this stream holds: what came between may be gone.
    let Some(floor) = floor else {
        return Ok(Backlog::Resync);
    };
    if after + 1 < floor || trimmed_past(&mut conn, &key, after).await? {
        return Ok(Backlog::Resync);
    }

    let mut frames = Vec::new();
    let mut cursor = after;
    let me = user.to_string();
    loop {
        let page: redis::streams::StreamRangeReply = redis::cmd("XRANGE")
            .arg(&key)
            .arg(format!("({}", stream_id(cursor)))
            .arg("+")
            .arg("COUNT")
            .arg(PAGE)
            .query_async(&mut conn)
            .await?;
        let n = page.ids.len();
        for entry in page.ids {
            let fields: Vec<(String, Value)> = entry.map.into_iter().collect();
            if let Some(parsed) = parse_entry(&entry.id, &fields) {
                cursor = parsed.seq;
                if parsed.recipients.contains(me.as_str())
                    && decode_recipients(&parsed.recipients).contains(&user)
                {
                    frames.push(event_frame(parsed.seq, &parsed.kind, &parsed.data));
                }
            }
        }
        if frames.len() > MAX_BACKLOG {
            return Ok(Backlog::Resync);
        }
        if n < PAGE {
            return Ok(Backlog::Events(frames, cursor));
        }
    }
}

/// Whether trimming removed entries the client has not seen. Entries are only
/// ever trimmed from the front, so that is: something was trimmed, and the oldest
/// entry left comes after the client's id (with a gap that may hide more).
async fn trimmed_past(conn: &mut PooledRedis, key: &str, after: i64) -> redis::RedisResult<bool> {
    let info: redis::RedisResult<Value> = redis::cmd("XINFO")
        .arg("STREAM")
        .arg(key)
        .query_async(conn)
        .await;
    let Ok(Value::Map(fields)) = info.map(normalise) else {
        // No stream at all: nothing to resume from, nothing lost since the floor.
        return Ok(false);
    };
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| redis::from_redis_value_ref::<String>(k).ok().as_deref() == Some(name))
            .map(|(_, v)| v)
    };
    let number = |name: &str| get(name).and_then(|v| redis::from_redis_value_ref::<i64>(v).ok());
    let (Some(added), Some(length)) = (number("entries-added"), number("length")) else {
        return Ok(false);
    };
    if added <= length {
        return Ok(false);
    }
    let first = get("recorded-first-entry-id")
        .and_then(|v| redis::from_redis_value_ref::<String>(v).ok())
        .and_then(|id| parse_stream_id(&id))
        .unwrap_or(i64::MAX);
    Ok(after + 1 < first)
}

/// RESP2 answers XINFO with a flat array; make it a map either way.
fn normalise(value: Value) -> Value {
    match value {
        Value::Array(items) => {
            let mut pairs = Vec::new();
            let mut it = items.into_iter();
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                pairs.push((k, v));
            }
            Value::Map(pairs)
        }
        other => other,
    }
}
