//! The numbering leader: gives committed outbox rows their place in the global
//! publish sequence, and writes what each event owes outside Redis (webhook
//! deliveries, pushes) in the same statement, so those exist exactly when the
//! event is numbered. Publishers ([`super::publisher`]) take it from there.

use super::{RelayConfig, connect, listen_for_commits};
use crate::error::Result;
use diesel::sql_types::{BigInt, Bool};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::{FutureExt, StreamExt};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// The channel the numbering leader `NOTIFY`s after numbering rows, when
/// publishers in other processes need waking.
const NUMBERED_CHANNEL: &str = "confab_numbered";
/// The advisory lock that elects the numbering leader (per database).
const LEADER_LOCK: i64 = 0x0C0F_AB00_0002;
/// How often the leader vacuums the outbox while it churns. Every event is a
/// row inserted and deleted within milliseconds; autovacuum looks once a minute,
/// and until then new rows go to fresh pages and every scan of the outbox
/// wades through the dead ones.
const VACUUM_EVERY: Duration = Duration::from_secs(5);
/// How often the leader counts the outbox for `outbox_backlog_events`.
const BACKLOG_SAMPLE_EVERY: Duration = Duration::from_secs(5);
/// Counting stops here: past it the alert fires anyway, and a bounded count
/// keeps the sample cheap however far behind the relay is.
const BACKLOG_COUNT_CAP: i64 = 1_000_000;

pub(super) struct Numbering {
    config: RelayConfig,
    /// The last sequence number given, for this process's publishers.
    numbered: watch::Sender<i64>,
    /// How many shards this process publishes: when it is all of them, no
    /// other process needs waking.
    shards_led_here: Arc<AtomicUsize>,
}

#[derive(diesel::QueryableByName)]
struct Numbered {
    #[diesel(sql_type = BigInt)]
    seq: i64,
}

impl Numbering {
    pub(super) fn new(
        config: RelayConfig,
        numbered: watch::Sender<i64>,
        shards_led_here: Arc<AtomicUsize>,
    ) -> Self {
        Self {
            config,
            numbered,
            shards_led_here,
        }
    }

    /// Runs forever: tries to lead, and while leading numbers.
    pub(super) async fn run(self) {
        loop {
            if let Err(e) = self.lead().await {
                tracing::warn!(error = %e, "outbox numbering interrupted; retrying");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// Returns when another process leads, or on a database error.
    async fn lead(&self) -> Result<()> {
        let mut conn = connect(&self.config).await?;
        if !try_lock(&mut conn).await? {
            return Ok(());
        }
        tracing::info!("outbox numbering leading");
        listen_for_commits(&mut conn).await?;
        metrics::gauge!("outbox_relay_leading").set(1.0);
        let led = self.number_while_leading(&mut conn).await;
        // Only the leader reports: alerts take the sum and the maximum over processes.
        metrics::gauge!("outbox_relay_leading").set(0.0);
        metrics::gauge!("outbox_backlog_events").set(0.0);
        led
    }

    async fn number_while_leading(&self, conn: &mut AsyncPgConnection) -> Result<()> {
        let mut next_seq = last_seq(conn).await? + 1;
        let mut vacuumed = Instant::now();
        let mut numbered_since_vacuum = false;
        let mut backlog_sampled: Option<Instant> = None;
        loop {
            if numbered_since_vacuum && vacuumed.elapsed() >= VACUUM_EVERY {
                vacuum(conn).await?;
                (vacuumed, numbered_since_vacuum) = (Instant::now(), false);
            }
            if backlog_sampled.is_none_or(|at| at.elapsed() >= BACKLOG_SAMPLE_EVERY) {
                let waiting = outbox_rows(conn).await?;
                metrics::gauge!("outbox_backlog_events").set(waiting as f64);
                backlog_sampled = Some(Instant::now());
            }
            let wake_others = AtomicUsize::load(&self.shards_led_here, Ordering::Relaxed)
                < usize::from(self.config.shards);
            let numbering = Instant::now();
            let batch = number_next(conn, next_seq, self.config.batch_size, wake_others).await?;
            metrics::histogram!("outbox_number_seconds").record(numbering.elapsed().as_secs_f64());
            match batch.iter().map(|row| row.seq).max() {
                Some(last) => {
                    next_seq = last + 1;
                    numbered_since_vacuum = true;
                    self.numbered.send_replace(last);
                }
                None => wait_for_work(conn, self.config.poll_interval).await,
            }
        }
    }
}

/// Subscribes a publisher's connection to the numbering leader's wake-ups.
pub(super) async fn listen_for_numbered(conn: &mut AsyncPgConnection) -> Result<()> {
    diesel::sql_query(format!("LISTEN {NUMBERED_CHANNEL}"))
        .execute(conn)
        .await?;
    Ok(())
}

async fn wait_for_work(conn: &mut AsyncPgConnection, poll: Duration) {
    let mut notifications = std::pin::pin!(conn.notifications_stream());
    let _ = tokio::time::timeout(poll, notifications.next()).await;
    // Drain what else arrived: one wake-up covers them all.
    while let Some(Some(_)) = notifications.next().now_or_never() {}
}

async fn try_lock(conn: &mut AsyncPgConnection) -> Result<bool> {
    #[derive(diesel::QueryableByName)]
    struct Locked {
        #[diesel(sql_type = Bool)]
        locked: bool,
    }
    let row: Locked = diesel::sql_query(format!(
        "SELECT pg_try_advisory_lock({LEADER_LOCK}) AS locked"
    ))
    .get_result(conn)
    .await?;
    Ok(row.locked)
}

async fn last_seq(conn: &mut AsyncPgConnection) -> Result<i64> {
    let row: Numbered = diesel::sql_query("SELECT last_seq AS seq FROM outbox_relay")
        .get_result(conn)
        .await?;
    Ok(row.seq)
}

/// The deliveries each newly numbered event owes outgoing webhooks
/// (the `webhooks` module): one per enabled subscription whose types name it and
/// whose owner it concerns (a user among its recipients; a group by its
/// `group_id`, or by `conversation_id` for the group's messages). Written with
/// the numbering, so a delivery exists exactly when its event is published.
/// Each of the three owners is looked up by its index, so the cost grows with
/// the subscriptions an event matches, not with how many there are; with no
/// enabled subscription the `EXISTS` fails once and nothing is looked up.
/// An event that happened before the subscription was made is not its own,
/// however late the relay numbers it.
const WEBHOOK_DELIVERIES: &str = "webhook_deliveries AS (
             INSERT INTO webhook_deliveries (subscription_id, event_seq, event_type, payload)
             SELECT s.id, next.seq, o.event_type, o.payload
             FROM next
             JOIN outbox o ON o.id = next.id
             CROSS JOIN LATERAL (
                 SELECT id, event_types, disabled_at, created_at FROM webhook_subscriptions
                 WHERE user_id = ANY (o.recipients)
                 UNION ALL
                 SELECT id, event_types, disabled_at, created_at FROM webhook_subscriptions
                 WHERE group_id = (o.payload ->> 'group_id')::uuid
                 UNION ALL
                 SELECT id, event_types, disabled_at, created_at FROM webhook_subscriptions
                 WHERE conversation_id = (o.payload ->> 'conversation_id')::uuid
             ) AS s
             WHERE s.disabled_at IS NULL
               AND s.created_at <= o.created_at
               AND o.event_type = ANY (s.event_types)
               AND EXISTS (SELECT 1 FROM webhook_subscriptions WHERE disabled_at IS NULL)
             ON CONFLICT DO NOTHING
         )";

/// The pushes new events owe: a message or a notification, to each recipient
/// with a push subscription (not a message's author, not a member who has the
/// conversation muted as it happens). Whether each is still owed when sent
/// (levels, mutes, a tab showing) is the push worker's to decide
/// (`push::deliver`). Push subscriptions are few next to recipients, so the
/// join starts from them.
const PUSH_DELIVERIES: &str = "push_deliveries AS (
             INSERT INTO push_deliveries (subscription_id, user_id, event_type, payload)
             SELECT ps.id, ps.user_id, o.event_type, o.payload
             FROM next
             JOIN outbox o ON o.id = next.id
             JOIN push_subscriptions ps ON ps.user_id = ANY (o.recipients)
             WHERE o.event_type IN ('message.created', 'notification.created')
               AND (o.event_type <> 'message.created' OR o.payload ->> 'thread_id' IS NULL)
               AND ps.user_id IS DISTINCT FROM (o.payload ->> 'author_id')::uuid
               AND NOT EXISTS (
                   SELECT 1 FROM conversation_members cm
                   WHERE cm.user_id = ps.user_id
                     AND cm.conversation_id = COALESCE(
                         (o.payload ->> 'conversation_id')::uuid,
                         (o.payload -> 'data' ->> 'conversation_id')::uuid)
                     AND cm.muted AND (cm.muted_until IS NULL OR cm.muted_until > now()))
               AND EXISTS (SELECT 1 FROM push_subscriptions)
         )";

/// Numbers the oldest unnumbered rows `first_seq, first_seq + 1, ...` in id
/// order, records the last number given, writes the webhook deliveries and
/// pushes the new events owe, and (`wake_others`) notifies publishers in other
/// processes, in one statement. Its commit is durable, as numbering must be.
async fn number_next(
    conn: &mut AsyncPgConnection,
    first_seq: i64,
    limit: i64,
    wake_others: bool,
) -> Result<Vec<Numbered>> {
    Ok(diesel::sql_query(format!(
        "WITH next AS (
             SELECT id, $1 + row_number() OVER (ORDER BY id) - 1 AS seq
             FROM (SELECT id FROM outbox WHERE seq IS NULL ORDER BY id LIMIT $2) AS oldest
         ), numbered AS (
             UPDATE outbox SET seq = next.seq FROM next WHERE outbox.id = next.id
             RETURNING outbox.seq
         ), recorded AS (
             UPDATE outbox_relay SET last_seq = (SELECT max(seq) FROM numbered)
             WHERE EXISTS (SELECT 1 FROM numbered)
         ), woken AS (
             SELECT pg_notify('{NUMBERED_CHANNEL}', '') AS sent
             FROM (SELECT 1 FROM numbered LIMIT 1) AS any_numbered
             WHERE $3
         ), {WEBHOOK_DELIVERIES}, {PUSH_DELIVERIES}
         SELECT numbered.seq FROM numbered LEFT JOIN (SELECT count(*) FROM woken) AS w ON true"
    ))
    .bind::<BigInt, _>(first_seq)
    .bind::<BigInt, _>(limit)
    .bind::<Bool, _>(wake_others)
    .load(conn)
    .await?)
}

/// Rows in the outbox (up to [`BACKLOG_COUNT_CAP`]): events not yet in Redis,
/// plus at most a batch per shard published since its publisher last deleted.
async fn outbox_rows(conn: &mut AsyncPgConnection) -> Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let count: Count =
        diesel::sql_query("SELECT count(*) AS n FROM (SELECT 1 FROM outbox LIMIT $1) AS waiting")
            .bind::<BigInt, _>(BACKLOG_COUNT_CAP)
            .get_result(conn)
            .await?;
    Ok(count.n)
}

/// See [`VACUUM_EVERY`]. Not in a transaction (`VACUUM` cannot be).
async fn vacuum(conn: &mut AsyncPgConnection) -> Result<()> {
    let vacuuming = Instant::now();
    diesel::sql_query("VACUUM outbox").execute(conn).await?;
    metrics::histogram!("outbox_vacuum_seconds").record(vacuuming.elapsed().as_secs_f64());
    Ok(())
}
