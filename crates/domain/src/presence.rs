//! Presence: online / away / offline with last seen, kept in Redis so it is right
//! across tabs and gateway processes, and expires by itself when a gateway dies.
//!
//! Per user: a sorted set of their live connections scored by expiry time, and a
//! set of the connections that said they are away. A user is online while any
//! live connection is not away, away when all are, offline when none is live.
//! Gateways refresh a connection's expiry on each heartbeat; a killed gateway's
//! connections simply expire, and the sweeper (any gateway, one at a time) finds
//! users whose connections all expired and announces them offline.
//!
//! Changes are `presence.updated` events to the user's friends (and the user),
//! written through the outbox like every other event.

use crate::error::Result;
use crate::events::{self, Payload};
use crate::redis::SharedRedis;
use crate::schema::users;
use chrono::Utc;
use deadpool_redis::redis;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use uuid::Uuid;

pub use crate::models::{Presence, Status};

fn parse_status(s: &str) -> Status {
    match s {
        "online" => Status::Online,
        "away" => Status::Away,
        _ => Status::Offline,
    }
}

/// What a connection did.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    Connected,
    Heartbeat,
    Away,
    Back,
    Disconnected,
    /// Only drop expired connections (the sweeper).
    Expire,
}

impl Change {
    /// Whether the connection stays, with a fresh expiry.
    fn extends(self) -> bool {
        matches!(
            self,
            Self::Connected | Self::Heartbeat | Self::Away | Self::Back
        )
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Connected => "connect",
            Self::Heartbeat => "heartbeat",
            Self::Away => "away",
            Self::Back => "back",
            Self::Disconnected => "disconnect",
            Self::Expire => "expire",
        }
    }
}

/// Applies a change atomically and returns the status before and after.
const UPDATE: &str = r#"
local conns, away, now = KEYS[1], KEYS[2], tonumber(ARGV[1])
local op, conn, expiry = ARGV[2], ARGV[3], tonumber(ARGV[4])
-- The common case, a heartbeat of a live connection, changes no status: only
-- its expiry moves (O(log n), where the full path below is O(tabs)).
if op == 'heartbeat' then
  local score = redis.call('ZSCORE', conns, conn)
  if score and tonumber(score) > now then
    redis.call('ZADD', conns, expiry, conn)
    redis.call('PEXPIREAT', conns, expiry + 86400000)
    redis.call('PEXPIREAT', away, expiry + 86400000)
    return {'unchanged', 'unchanged', tostring(expiry), 0}
  end
end
-- "before" is the status as last recorded (expired connections count: nobody was
-- told they left); "after" is the status now.
local function status(from)
  local live = redis.call('ZRANGEBYSCORE', conns, from, '+inf')
  if #live == 0 then return 'offline' end
  for _, c in ipairs(live) do
    if redis.call('SISMEMBER', away, c) == 0 then return 'online' end
  end
  return 'away'
end
local before = status('-inf')
for _, c in ipairs(redis.call('ZRANGEBYSCORE', conns, '-inf', now)) do
  redis.call('SREM', away, c)
end
redis.call('ZREMRANGEBYSCORE', conns, '-inf', now)
if op == 'connect' or op == 'heartbeat' or op == 'back' then
  redis.call('ZADD', conns, expiry, conn)
  if op ~= 'heartbeat' then redis.call('SREM', away, conn) end
elseif op == 'away' then
  redis.call('ZADD', conns, expiry, conn)
  redis.call('SADD', away, conn)
elseif op == 'disconnect' then
  redis.call('ZREM', conns, conn)
  redis.call('SREM', away, conn)
end
local after = status(now)
local latest = redis.call('ZRANGE', conns, -1, -1, 'WITHSCORES')
if #latest == 0 then
  redis.call('DEL', conns, away)
else
  -- Kept a day past the last expiry: the sweeper must still find expired
  -- connections to tell friends the user left; the TTL only collects litter.
  redis.call('PEXPIREAT', conns, latest[2] + 86400000)
  redis.call('PEXPIREAT', away, latest[2] + 86400000)
end
-- A version per user, so clients can drop an update that arrives after a newer
-- one (two gateways' announcements may commit in either order).
local version = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], 86400000 * 30)
return {before, after, latest[2] or '0', version}
"#;

#[derive(Clone)]
pub struct PresenceStore {
    redis: SharedRedis,
    prefix: String,
    /// How long a connection counts as live after its last sign of life.
    ttl: Duration,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl PresenceStore {
    pub fn new(redis: SharedRedis, prefix: &str, ttl: Duration) -> Self {
        Self {
            redis,
            prefix: prefix.to_owned(),
            ttl,
        }
    }

    fn keys(&self, user: Uuid) -> (String, String, String) {
        (
            format!("{}{{pr:{user}}}:conns", self.prefix),
            format!("{}{{pr:{user}}}:away", self.prefix),
            format!("{}{{pr:{user}}}:version", self.prefix),
        )
    }

    /// Users with live connections, scored by their latest expiry: what the
    /// sweeper scans.
    fn index_key(&self) -> String {
        format!("{}presence:index", self.prefix)
    }

    /// Records a change; returns the new status and its version when the status
    /// changed.
    pub async fn update(
        &self,
        user: Uuid,
        connection: Uuid,
        change: Change,
    ) -> Result<Option<(Status, i64)>> {
        let (conns, away, version) = self.keys(user);
        let now = now_ms();
        let expiry = now + self.ttl.as_millis() as i64;
        let mut conn = self.redis.clone();
        let mut pipe = redis::pipe();
        pipe.cmd("EVAL")
            .arg(UPDATE)
            .arg(3)
            .arg(conns)
            .arg(away)
            .arg(version)
            .arg(now)
            .arg(change.as_str())
            .arg(connection.to_string())
            .arg(expiry);
        // The index holds each user's latest expiry. A change that sets this
        // connection's expiry to `expiry` (now + ttl, the latest there is) can
        // raise it in the same round trip; the script sits in another hash slot
        // on a cluster, so it cannot write the index itself.
        let extends = change.extends();
        if extends {
            pipe.cmd("ZADD")
                .arg(self.index_key())
                .arg("GT")
                .arg(expiry)
                .arg(user.to_string())
                .ignore();
        }
        let ((before, after, latest, version),): ((String, String, String, i64),) =
            pipe.query_async(&mut conn).await?;
        let latest: f64 = latest.parse().unwrap_or(0.0);
        if !extends && latest > 0.0 {
            let _: () = redis::cmd("ZADD")
                .arg(self.index_key())
                .arg(latest)
                .arg(user.to_string())
                .query_async(&mut conn)
                .await?;
        }
        let (before, after) = (parse_status(&before), parse_status(&after));
        Ok((before != after).then_some((after, version)))
    }

    /// How many live connections the user has, over every gateway.
    pub async fn live_connections(&self, user: Uuid) -> Result<u64> {
        let (conns, _, _) = self.keys(user);
        let mut conn = self.redis.clone();
        Ok(redis::cmd("ZCOUNT")
            .arg(conns)
            .arg(now_ms())
            .arg("+inf")
            .query_async(&mut conn)
            .await?)
    }

    /// How many users have a live connection now, over every gateway (the
    /// index the sweeper reads holds each one's latest expiry).
    pub async fn users_connected(&self) -> Result<u64> {
        let mut conn = self.redis.clone();
        Ok(redis::cmd("ZCOUNT")
            .arg(self.index_key())
            .arg(now_ms())
            .arg("+inf")
            .query_async(&mut conn)
            .await?)
    }

    /// Current status of each user.
    pub async fn statuses(&self, users: &[Uuid]) -> Result<HashMap<Uuid, Status>> {
        if users.is_empty() {
            return Ok(HashMap::new());
        }
        let now = now_ms();
        let mut pipe = redis::pipe();
        for &user in users {
            let (conns, away, _) = self.keys(user);
            pipe.cmd("ZRANGEBYSCORE").arg(conns).arg(now).arg("+inf");
            pipe.cmd("SMEMBERS").arg(away);
        }
        let mut conn = self.redis.clone();
        let replies: Vec<Vec<String>> = pipe.query_async(&mut conn).await?;
        Ok(users
            .iter()
            .zip(replies.chunks(2))
            .map(|(&user, pair)| {
                let (live, away) = (&pair[0], &pair[1]);
                let status = if live.is_empty() {
                    Status::Offline
                } else if live.iter().all(|c| away.contains(c)) {
                    Status::Away
                } else {
                    Status::Online
                };
                (user, status)
            })
            .collect())
    }

    /// Users whose connections may all have expired (for the sweeper), and takes
    /// them off the index. Only one sweeper runs at a time across gateways.
    /// `every` is the sweep interval: the lock lasts a little less.
    pub async fn take_expired(&self, limit: usize, every: Duration) -> Result<Vec<Uuid>> {
        let mut conn = self.redis.clone();
        let lock: Option<String> = redis::cmd("SET")
            .arg(format!("{}presence:sweeper", self.prefix))
            .arg("1")
            .arg("NX")
            .arg("PX")
            .arg((every.as_millis() as u64 * 9 / 10).max(1))
            .query_async(&mut conn)
            .await?;
        if lock.is_none() {
            return Ok(Vec::new());
        }
        let users: Vec<String> = redis::cmd("ZRANGEBYSCORE")
            .arg(self.index_key())
            .arg("-inf")
            .arg(now_ms())
            .arg("LIMIT")
            .arg(0)
            .arg(limit)
            .query_async(&mut conn)
            .await?;
        if !users.is_empty() {
            let _: () = redis::cmd("ZREM")
                .arg(self.index_key())
                .arg(&users)
                .query_async(&mut conn)
                .await?;
        }
        Ok(users.iter().filter_map(|u| u.parse().ok()).collect())
    }
}

/// A user's status change, to announce.
#[derive(Debug, Clone, Copy)]
pub struct Announcement {
    pub user: Uuid,
    pub status: Status,
    pub version: i64,
}

/// Writes the `presence.updated` event of each change (to the user's friends
/// and the user: the catalogue's rule) and the last-seen time of those gone
/// offline: a few statements however many changes (identifies come in bursts).
pub async fn announce_all(conn: &mut AsyncPgConnection, changes: &[Announcement]) -> Result<()> {
    let now = Utc::now();
    let offline: Vec<Uuid> = changes
        .iter()
        .filter(|c| c.status == Status::Offline)
        .map(|c| c.user)
        .collect();
    if !offline.is_empty() {
        diesel::update(users::table.filter(users::id.eq_any(&offline)))
            .set(users::last_seen_at.eq(now))
            .execute(conn)
            .await?;
    }
    let events = changes
        .iter()
        .map(|c| {
            Payload::PresenceUpdated(Presence {
                user_id: c.user,
                status: c.status,
                last_seen_at: (c.status == Status::Offline).then_some(now),
                version: c.version,
            })
        })
        .collect();
    events::enqueue_all(conn, events).await?;
    Ok(())
}
