//! Logins that ended before their access tokens expire. Access tokens are
//! verified without the database, so a revoked login is also written to Redis
//! (one key per login, living as long as an access token can), where both
//! services look before trusting a token: REST on every request, the gateway at
//! identify. Sockets already open learn of it from the `session.revoked`
//! event, written in the transaction that revoked the login.

use crate::error::Result;
use crate::events::payloads::SessionsRevoked;
use crate::events::{self, Payload};
use crate::redis::SharedRedis;
use crate::schema::sessions;
use chrono::Utc;
use deadpool_redis::redis;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Which of a user's logins to end.
pub enum Logins {
    One(Uuid),
    AllBut(Uuid),
    All,
}

/// Ends the user's chosen logins in the caller's transaction and writes the
/// `session.revoked` event for their sockets. Returns the ids it ended; pass
/// them to [`RevokedLogins::remember`] once the transaction has committed.
pub async fn revoke(conn: &mut AsyncPgConnection, user: Uuid, which: Logins) -> Result<Vec<Uuid>> {
    let everything = matches!(which, Logins::All);
    let live = sessions::table
        .filter(sessions::user_id.eq(user))
        .filter(sessions::revoked_at.is_null())
        .into_boxed();
    let live = match which {
        Logins::One(id) => live.filter(sessions::id.eq(id)),
        Logins::AllBut(id) => live.filter(sessions::id.ne(id)),
        Logins::All => live,
    };
    let mut ids: Vec<Uuid> = live.select(sessions::id).load(conn).await?;
    diesel::update(sessions::table.filter(sessions::id.eq_any(&ids)))
        .set(sessions::revoked_at.eq(Utc::now()))
        .execute(conn)
        .await?;
    if everything {
        // A reset or a deletion: the account's access tokens end with it.
        ids.extend(super::access_tokens::revoke_all(conn, user).await?);
    }
    if ids.is_empty() {
        return Ok(ids);
    }
    events::enqueue(
        conn,
        Payload::SessionRevoked(SessionsRevoked {
            user_id: user,
            session_ids: ids.clone(),
        }),
    )
    .await?;
    Ok(ids)
}

/// How long a "not revoked" answer is reused by this process: a login revoked
/// through another process is refused here within this (its sockets close by
/// the event in the same bound); one revoked through this process at once.
const CHECKED_FOR: Duration = Duration::from_secs(1);
/// Logins remembered as checked; past it, the memory starts over.
const CHECKED_CAPACITY: usize = 100_000;

/// The revoked-login set in Redis, with each process's short memory of the
/// logins it found live: one Redis round trip per login per second instead of
/// one per request, so the send path does not wait on Redis each time.
#[derive(Clone)]
pub struct RevokedLogins {
    redis: SharedRedis,
    checked: Arc<Mutex<HashMap<Uuid, Instant>>>,
    prefix: Arc<str>,
    /// As long as the longest token of a login lives (an access token, or a
    /// media token), plus a minute: after that, the tokens themselves expired.
    ttl_secs: u64,
}

impl RevokedLogins {
    pub fn new(redis: SharedRedis, key_prefix: &str, access_ttl_secs: u64) -> Self {
        Self {
            redis,
            checked: Arc::default(),
            prefix: format!("{key_prefix}revoked:").into(),
            ttl_secs: access_ttl_secs.max(super::tokens::MEDIA_TTL_SECS) + 60,
        }
    }

    fn key(&self, session: Uuid) -> String {
        format!("{}{}", self.prefix, session.simple())
    }

    /// Records logins as revoked. Best effort: if Redis cannot take it, the
    /// database still has the revocation (refresh stops at once) and the event
    /// still closes the sockets; only REST calls with a live access token of
    /// that login would pass until it expires, which is logged.
    pub async fn remember(&self, sessions: &[Uuid]) {
        if sessions.is_empty() {
            return;
        }
        {
            let mut checked = self.checked.lock().expect("revocation lock");
            for session in sessions {
                checked.remove(session);
            }
        }
        let mut pipe = redis::pipe();
        for &session in sessions {
            pipe.set_ex(self.key(session), 1, self.ttl_secs).ignore();
        }
        let mut conn = self.redis.clone();
        if let Err(e) = pipe.query_async::<()>(&mut conn).await {
            metrics::counter!("revocations_unrecorded_total").increment(sessions.len() as u64);
            tracing::error!(error = %e, count = sessions.len(), "revoked logins not recorded in Redis");
        }
    }

    /// Logins that ended elsewhere (a `session.revoked` event): the next check
    /// of each asks Redis again.
    pub fn forget_checked(&self, sessions: &[Uuid]) {
        let mut checked = self.checked.lock().expect("revocation lock");
        for session in sessions {
            checked.remove(session);
        }
    }

    /// Whether the login was revoked. If Redis does not answer, the login is
    /// taken as live (logged and counted): every other part of a request needs
    /// Postgres, not Redis, and a Redis outage must not log everyone out.
    pub async fn is_revoked(&self, session: Uuid) -> bool {
        if self
            .checked
            .lock()
            .expect("revocation lock")
            .get(&session)
            .is_some_and(|at| at.elapsed() < CHECKED_FOR)
        {
            return false;
        }
        let mut conn = self.redis.clone();
        let found: redis::RedisResult<bool> = redis::cmd("EXISTS")
            .arg(self.key(session))
            .query_async(&mut conn)
            .await;
        match found {
            Ok(true) => true,
            Ok(false) => {
                let mut checked = self.checked.lock().expect("revocation lock");
                if checked.len() >= CHECKED_CAPACITY {
                    checked.clear();
                }
                checked.insert(session, Instant::now());
                false
            }
            Err(e) => {
                metrics::counter!("revocation_checks_skipped_total").increment(1);
                tracing::warn!(error = %e, "revoked-login check skipped");
                false
            }
        }
    }
}
