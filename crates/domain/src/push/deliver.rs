//! The push workers: every API process with `push.deliver` runs one; they
//! share the due pushes through `FOR UPDATE SKIP LOCKED` claims. A push the
//! user no longer owes (muted since, do not disturb, a tab of theirs showing,
//! a logged-out login) is dropped; a sent one is deleted; a push service that answers 404
//! or 410 has forgotten the subscription, which is deleted with its pushes;
//! other failures are retried with backoff for `push.retry_window_secs`.

use super::Vapid;
use super::decide::{Push, decide};
use crate::backoff::Backoff;
use crate::db::DbPool;
use crate::error::{Error, Result};
use crate::fetch::{Answer, PublicClient};
use crate::foreground::ForegroundTabs;
use crate::schema::{push_deliveries, push_subscriptions};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Jsonb, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use std::time::Duration;
use uuid::Uuid;
use web_push::{ContentEncoding, SubscriptionInfo, Urgency, WebPushMessageBuilder};

#[derive(Clone)]
pub struct PushConfig {
    pub vapid: Vapid,
    pub concurrency: usize,
    pub poll: Duration,
    pub backoff: Backoff,
    pub retry_window: Duration,
    pub ttl_secs: u32,
}

/// How long a claim holds a push: far longer than a push service may take.
const CLAIM_HOLD_SECS: i64 = 120;

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = SqlUuid)]
    subscription_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Jsonb)]
    payload: serde_json::Value,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Text)]
    endpoint: String,
    #[diesel(sql_type = Text)]
    p256dh: String,
    #[diesel(sql_type = Text)]
    auth: String,
    #[diesel(sql_type = Bool)]
    login_ended: bool,
}

/// Starts the worker; it runs for the life of the process.
pub fn spawn(pool: DbPool, foreground: ForegroundTabs, client: PublicClient, config: PushConfig) {
    tokio::spawn(async move {
        loop {
            let handled = match round(&pool, &foreground, &client, &config).await {
                Ok(handled) => handled,
                Err(e) => {
                    tracing::warn!(error = %e, "push: a round failed");
                    0
                }
            };
            if handled == 0 {
                tokio::time::sleep(config.poll).await;
            }
        }
    });
}

/// In the order of `OUTCOME_LABELS`.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Outcome {
    Sent,
    NotOwed,
    Gone,
    Retrying,
    GaveUp,
}

/// The values of `push_deliveries_total`'s `outcome` label.
pub(crate) const OUTCOME_LABELS: [&str; 5] = [
    "sent",
    "not_owed",
    "subscription_gone",
    "retrying",
    "gave_up",
];

impl Outcome {
    fn label(self) -> &'static str {
        OUTCOME_LABELS[self as usize]
    }
}

/// Claims what is due and handles it; answers how many were claimed.
async fn round(
    pool: &DbPool,
    foreground: &ForegroundTabs,
    client: &PublicClient,
    config: &PushConfig,
) -> Result<usize> {
    let claimed = {
        let mut conn = pool.get().await?;
        claim(&mut conn, config.concurrency).await?
    };
    let count = claimed.len();
    let mut handling: FuturesUnordered<_> = claimed
        .into_iter()
        .map(|push| async move {
            let outcome = handle(pool, foreground, client, config, &push).await;
            (push, outcome)
        })
        .collect();
    while let Some((push, outcome)) = handling.next().await {
        match outcome {
            Ok(outcome) => metrics::counter!("push_deliveries_total", "outcome" => outcome.label())
                .increment(1),
            Err(e) => tracing::warn!(error = %e, push_id = push.id, "push: could not be handled"),
        }
    }
    Ok(count)
}

async fn claim(conn: &mut AsyncPgConnection, limit: usize) -> Result<Vec<Claimed>> {
    Ok(diesel::sql_query(
        "UPDATE push_deliveries d
         SET attempts = d.attempts + 1,
             claimed_until = now() + make_interval(secs => $2)
         FROM push_subscriptions s JOIN sessions l ON l.id = s.session_id
         WHERE s.id = d.subscription_id
           AND d.id IN (
               SELECT id FROM push_deliveries
               WHERE next_attempt_at <= now()
                 AND (claimed_until IS NULL OR claimed_until < now())
               ORDER BY next_attempt_at
               LIMIT $1
               FOR UPDATE SKIP LOCKED)
         RETURNING d.id, d.subscription_id, d.user_id, d.event_type, d.payload, d.created_at,
                   d.attempts, s.endpoint, s.p256dh, s.auth, l.revoked_at IS NOT NULL AS login_ended",
    )
    .bind::<BigInt, _>(limit as i64)
    .bind::<BigInt, _>(CLAIM_HOLD_SECS)
    .load(conn)
    .await?)
}

async fn handle(
    pool: &DbPool,
    foreground: &ForegroundTabs,
    client: &PublicClient,
    config: &PushConfig,
    push: &Claimed,
) -> Result<Outcome> {
    if push.login_ended {
        let mut conn = pool.get().await?;
        forget_subscription(&mut conn, push.subscription_id).await?;
        return Ok(Outcome::Gone);
    }
    let owed = {
        let mut conn = pool.get().await?;
        let quiet = crate::users::do_not_disturb::of(&mut conn, push.user_id)
            .await?
            .active(Utc::now());
        if quiet {
            None
        } else {
            decide(&mut conn, push.user_id, &push.event_type, &push.payload).await?
        }
    };
    // A user with a tab showing sees the message arrive: no push. (Redis
    // down: push anyway, rather than lose it.)
    let watching = foreground.any_shown(push.user_id).await.unwrap_or(false);
    let owed = match owed {
        Some(owed) if !watching => owed,
        _ => {
            let mut conn = pool.get().await?;
            finish(&mut conn, push.id).await?;
            return Ok(Outcome::NotOwed);
        }
    };
    let answer = send(client, config, push, &owed).await;
    metrics::histogram!("push_delivery_seconds").record(answer.latency.as_secs_f64());
    let mut conn = pool.get().await?;
    match answer.status {
        Some(status) if (200..300).contains(&status) => {
            finish(&mut conn, push.id).await?;
            diesel::update(push_subscriptions::table.find(push.subscription_id))
                .set(push_subscriptions::last_pushed_at.eq(Utc::now()))
                .execute(&mut conn)
                .await?;
            Ok(Outcome::Sent)
        }
        Some(404 | 410) => {
            forget_subscription(&mut conn, push.subscription_id).await?;
            Ok(Outcome::Gone)
        }
        _ => {
            let next = Utc::now() + config.backoff.after(push.attempts);
            if next > push.created_at + config.retry_window {
                tracing::info!(push_id = push.id, error = ?answer.error, "push: given up");
                finish(&mut conn, push.id).await?;
                return Ok(Outcome::GaveUp);
            }
            diesel::update(push_deliveries::table.find(push.id))
                .set((
                    push_deliveries::next_attempt_at.eq(next),
                    push_deliveries::claimed_until.eq(None::<DateTime<Utc>>),
                ))
                .execute(&mut conn)
                .await?;
            Ok(Outcome::Retrying)
        }
    }
}

/// Encrypts the push for the browser's keys, signs it, and POSTs it to the
/// push service through the public-only fetcher.
async fn send(client: &PublicClient, config: &PushConfig, push: &Claimed, owed: &Push) -> Answer {
    let failed = |error: String| Answer {
        status: None,
        latency: Duration::ZERO,
        error: Some(error),
    };
    let url = match crate::fetch::parse_url(&push.endpoint) {
        Ok(url) => url,
        Err(e) => return failed(e.to_string()),
    };
    let subscription = SubscriptionInfo::new(
        push.endpoint.as_str(),
        push.p256dh.as_str(),
        push.auth.as_str(),
    );
    let content = serde_json::to_vec(&owed.content).expect("JSON serialises");
    let message = (|| -> std::result::Result<_, String> {
        let signature = config
            .vapid
            .sign(&subscription)
            .map_err(|e| e.to_string())?;
        let mut builder = WebPushMessageBuilder::new(&subscription);
        builder.set_payload(ContentEncoding::Aes128Gcm, &content);
        builder.set_vapid_signature(signature);
        builder.set_ttl(config.ttl_secs);
        builder.set_urgency(Urgency::High);
        builder.set_topic(owed.topic.clone());
        builder.build().map_err(|e| e.to_string())
    })();
    let message = match message {
        Ok(message) => message,
        Err(e) => return failed(e),
    };
    let request = web_push::request_builder::build_request::<Vec<u8>>(message);
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str() != "content-length")
        .filter_map(|(name, value)| {
            Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
        })
        .collect();
    let headers: Vec<(&str, String)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.clone()))
        .collect();
    client.post(&url, &headers, request.into_body()).await
}

async fn finish(conn: &mut AsyncPgConnection, id: i64) -> Result<()> {
    diesel::delete(push_deliveries::table.find(id))
        .execute(conn)
        .await?;
    Ok(())
}

async fn forget_subscription(conn: &mut AsyncPgConnection, id: Uuid) -> Result<()> {
    diesel::delete(push_subscriptions::table.find(id))
        .execute(conn)
        .await
        .map_err(Error::from)?;
    Ok(())
}
