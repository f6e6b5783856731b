//! The delivery workers: every API process runs one (`webhooks.deliver`);
//! they share the due deliveries through `FOR UPDATE SKIP LOCKED` claims, so
//! each attempt is made by one process, and a claim that outlives a crashed
//! process runs out and the delivery is tried again.

use super::signature;
use crate::db::DbPool;
use crate::error::{Error, Result};
use crate::events::relay::OutboxWaker;
use crate::fetch::{Answer, PublicClient};
use crate::notifications::{self, Kind};
use crate::schema::webhook_deliveries;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use std::time::Duration;
use uuid::Uuid;

/// The values of `webhook_deliveries_total`'s `outcome` label: answered 2xx,
/// or not.
pub(crate) const OUTCOME_LABELS: [&str; 2] = [DELIVERED, FAILED];
const DELIVERED: &str = "delivered";
const FAILED: &str = "failed";

#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    pub concurrency: usize,
    pub poll: Duration,
    pub retry_base: Duration,
    pub retry_max: Duration,
    pub retry_window: Duration,
    pub retention: Duration,
}

impl DeliveryConfig {
    pub fn from_settings(s: &crate::settings::WebhookSettings) -> Self {
        Self {
            concurrency: s.concurrency.max(1),
            poll: Duration::from_millis(s.poll_ms),
            retry_base: Duration::from_millis(s.retry_base_ms),
            retry_max: Duration::from_millis(s.retry_max_ms),
            retry_window: Duration::from_secs(s.retry_window_secs),
            retention: Duration::from_secs(s.log_retention_secs),
        }
    }

    /// The wait after the `attempt`-th failure.
    fn backoff(&self, attempt: i32) -> Duration {
        crate::backoff::Backoff {
            base: self.retry_base,
            max: self.retry_max,
        }
        .after(attempt)
    }
}

/// How long a claim holds a delivery: far longer than a receiver may take
/// (`webhooks.timeout_ms`, checked at start-up to be under a minute).
const CLAIM_HOLD_SECS: i64 = 120;

/// A claimed delivery, with what sending it needs.
#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    subscription_id: Uuid,
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Text)]
    payload: String,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Text)]
    url: String,
    #[diesel(sql_type = Text)]
    secret: String,
}

/// Starts the worker; it runs for the life of the process.
pub fn spawn(pool: DbPool, client: PublicClient, waker: OutboxWaker, config: DeliveryConfig) {
    tokio::spawn(async move {
        let mut last_sweep = std::time::Instant::now();
        loop {
            let sent = match round(&pool, &client, &waker, &config).await {
                Ok(sent) => sent,
                Err(e) => {
                    tracing::warn!(error = %e, "webhook deliveries: a round failed");
                    0
                }
            };
            if last_sweep.elapsed() >= Duration::from_secs(60) {
                last_sweep = std::time::Instant::now();
                if let Err(e) = sweep(&pool, config.retention).await {
                    tracing::warn!(error = %e, "webhook deliveries: clearing old logs failed");
                }
            }
            if sent == 0 {
                tokio::time::sleep(config.poll).await;
            }
        }
    });
}

/// Claims what is due and sends it; answers how many were sent.
async fn round(
    pool: &DbPool,
    client: &PublicClient,
    waker: &OutboxWaker,
    config: &DeliveryConfig,
) -> Result<usize> {
    let claimed = {
        let mut conn = pool.get().await?;
        claim(&mut conn, config).await?
    };
    let count = claimed.len();
    let mut sending: FuturesUnordered<_> = claimed
        .into_iter()
        .map(|delivery| async move {
            let answer = send(client, &delivery).await;
            (delivery, answer)
        })
        .collect();
    while let Some((delivery, answer)) = sending.next().await {
        metrics::counter!(
            "webhook_deliveries_total",
            "outcome" => if answer.succeeded() { DELIVERED } else { FAILED }
        )
        .increment(1);
        metrics::histogram!("webhook_delivery_seconds").record(answer.latency.as_secs_f64());
        let mut conn = pool.get().await?;
        if record(&mut conn, config, &delivery, &answer).await? == Outcome::Disabled {
            // The notice is an event: send it now, not at the relay's next poll.
            waker.wake();
        }
    }
    Ok(count)
}

/// Takes up to `concurrency` due deliveries of enabled subscriptions, counts
/// the attempt, and holds them long enough to send.
async fn claim(conn: &mut AsyncPgConnection, config: &DeliveryConfig) -> Result<Vec<Claimed>> {
    Ok(diesel::sql_query(
        "UPDATE webhook_deliveries d
         SET attempts = d.attempts + 1,
             claimed_until = now() + make_interval(secs => $2)
         FROM webhook_subscriptions s
         WHERE s.id = d.subscription_id
           AND d.id IN (
               SELECT id FROM webhook_deliveries
               WHERE state = 'pending' AND next_attempt_at <= now()
                 AND (claimed_until IS NULL OR claimed_until < now())
               ORDER BY next_attempt_at
               LIMIT $1
               FOR UPDATE SKIP LOCKED)
           AND s.disabled_at IS NULL
         RETURNING d.id, d.subscription_id, d.event_type, d.payload::text AS payload,
                   d.created_at, d.attempts, s.url, s.secret",
    )
    .bind::<BigInt, _>(config.concurrency as i64)
    .bind::<BigInt, _>(CLAIM_HOLD_SECS)
    .load(conn)
    .await?)
}

/// The body: the event as a socket gets it, with the delivery's id and time.
fn body_of(delivery: &Claimed) -> Vec<u8> {
    let data: serde_json::Value =
        serde_json::from_str(&delivery.payload).unwrap_or(serde_json::Value::Null);
    serde_json::to_vec(&serde_json::json!({
        "id": delivery.id,
        "type": delivery.event_type,
        "created_at": delivery.created_at,
        "data": data,
    }))
    .expect("a JSON value serialises")
}

async fn send(client: &PublicClient, delivery: &Claimed) -> Answer {
    let body = body_of(delivery);
    let signed = signature::sign(&delivery.secret, Utc::now().timestamp(), &body);
    let url = match crate::fetch::parse_url(&delivery.url) {
        Ok(url) => url,
        Err(e) => {
            return Answer {
                status: None,
                latency: Duration::ZERO,
                error: Some(e.to_string()),
            };
        }
    };
    let headers = [
        (signature::HEADER, signed),
        ("Confab-Event", delivery.event_type.clone()),
        ("Confab-Delivery", delivery.id.to_string()),
        ("Confab-Attempt", delivery.attempts.to_string()),
    ];
    client.post_json(&url, &headers, body).await
}

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Delivered,
    Retrying,
    Disabled,
}

/// Logs the attempt and moves the delivery on: delivered; retried after the
/// backoff; or, past the retry window, failed, which disables the subscription.
async fn record(
    conn: &mut AsyncPgConnection,
    config: &DeliveryConfig,
    delivery: &Claimed,
    answer: &Answer,
) -> Result<Outcome> {
    let latency_ms = i32::try_from(answer.latency.as_millis()).unwrap_or(i32::MAX);
    let status = answer.status.map(i32::from);
    let error = answer.error.as_deref().map(|e| truncate(e, 500));
    conn.transaction::<_, Error, _>(async |conn| {
        diesel::sql_query(
            "INSERT INTO webhook_attempts (delivery_id, attempt, status, latency_ms, error)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind::<SqlUuid, _>(delivery.id)
        .bind::<Integer, _>(delivery.attempts)
        .bind::<Nullable<Integer>, _>(status)
        .bind::<Integer, _>(latency_ms)
        .bind::<Nullable<Text>, _>(error.as_deref())
        .execute(conn)
        .await?;
        let row = webhook_deliveries::table.find(delivery.id);
        if answer.succeeded() {
            diesel::update(row)
                .set((
                    webhook_deliveries::state.eq("delivered"),
                    webhook_deliveries::finished_at.eq(Utc::now()),
                    webhook_deliveries::claimed_until.eq(None::<DateTime<Utc>>),
                ))
                .execute(conn)
                .await?;
            return Ok(Outcome::Delivered);
        }
        let next = Utc::now() + config.backoff(delivery.attempts);
        let window_ends = delivery.created_at + config.retry_window;
        if next <= window_ends {
            diesel::update(row)
                .set((
                    webhook_deliveries::next_attempt_at.eq(next),
                    webhook_deliveries::claimed_until.eq(None::<DateTime<Utc>>),
                ))
                .execute(conn)
                .await?;
            return Ok(Outcome::Retrying);
        }
        let reason = format!(
            "deliveries failed for {} (last: {})",
            words_for(config.retry_window),
            error.as_deref().unwrap_or("no answer")
        );
        disable(conn, delivery.subscription_id, &reason).await?;
        Ok(Outcome::Disabled)
    })
    .await
}

/// Disables a subscription that kept failing, gives up its pending
/// deliveries, and tells whoever made it.
async fn disable(conn: &mut AsyncPgConnection, subscription: Uuid, reason: &str) -> Result<()> {
    #[derive(QueryableByName)]
    struct Disabled {
        #[diesel(sql_type = Nullable<SqlUuid>)]
        created_by: Option<Uuid>,
        #[diesel(sql_type = Text)]
        url: String,
        #[diesel(sql_type = Nullable<SqlUuid>)]
        group_id: Option<Uuid>,
    }
    let disabled: Option<Disabled> = diesel::sql_query(
        "UPDATE webhook_subscriptions SET disabled_at = now(), disabled_reason = $2
         WHERE id = $1 AND disabled_at IS NULL
         RETURNING created_by, url, group_id",
    )
    .bind::<SqlUuid, _>(subscription)
    .bind::<Text, _>(reason)
    .get_result(conn)
    .await
    .optional()?;
    give_up_pending(conn, subscription).await?;
    if let Some(Disabled {
        created_by: Some(maker),
        url,
        group_id,
    }) = disabled
    {
        notifications::create_about_account(
            conn,
            maker,
            Kind::WebhookDisabled,
            serde_json::json!({
                "subscription_id": subscription,
                "url": url,
                "group_id": group_id,
                "reason": reason,
            }),
        )
        .await?;
    }
    Ok(())
}

/// Marks every pending delivery of the subscription failed.
pub(super) async fn give_up_pending(
    conn: &mut AsyncPgConnection,
    subscription: Uuid,
) -> Result<()> {
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::subscription_id.eq(subscription))
            .filter(webhook_deliveries::state.eq("pending")),
    )
    .set((
        webhook_deliveries::state.eq("failed"),
        webhook_deliveries::finished_at.eq(Utc::now()),
        webhook_deliveries::claimed_until.eq(None::<DateTime<Utc>>),
    ))
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes finished deliveries (and their attempts) older than the retention.
async fn sweep(pool: &DbPool, retention: Duration) -> Result<()> {
    let mut conn = pool.get().await?;
    let before = Utc::now() - retention;
    diesel::delete(
        webhook_deliveries::table
            .filter(webhook_deliveries::finished_at.lt(before))
            .filter(webhook_deliveries::state.ne("pending")),
    )
    .execute(&mut conn)
    .await?;
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// "1 day", "3 hours", "2 s": the window in the notice.
fn words_for(window: Duration) -> String {
    let secs = window.as_secs();
    match secs {
        s if s >= 86_400 && s % 86_400 == 0 => plural(s / 86_400, "day"),
        s if s >= 3_600 && s % 3_600 == 0 => plural(s / 3_600, "hour"),
        s if s >= 60 && s % 60 == 0 => plural(s / 60, "minute"),
        s => plural(s, "second"),
    }
}

fn plural(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> DeliveryConfig {
        DeliveryConfig {
            concurrency: 1,
            poll: Duration::from_secs(1),
            retry_base: Duration::from_secs(10),
            retry_max: Duration::from_secs(3600),
            retry_window: Duration::from_secs(86_400),
            retention: Duration::from_secs(1),
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let c = config();
        let waits: Vec<u64> = (1..=11).map(|n| c.backoff(n).as_secs()).collect();
        assert_eq!(
            waits,
            [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
        );
        assert_eq!(c.backoff(1_000).as_secs(), 3600);
        // Retried for a day: the sum of waits crosses it after about 30 tries.
        let mut elapsed = 0;
        let mut tries = 1;
        while elapsed + c.backoff(tries).as_secs() <= 86_400 {
            elapsed += c.backoff(tries).as_secs();
            tries += 1;
        }
        assert!((25..=35).contains(&tries), "{tries} tries in a day");
    }

    #[test]
    fn the_notice_names_the_window() {
        assert_eq!(words_for(Duration::from_secs(86_400)), "1 day");
        assert_eq!(words_for(Duration::from_secs(7_200)), "2 hours");
        assert_eq!(words_for(Duration::from_secs(2)), "2 seconds");
    }
}
