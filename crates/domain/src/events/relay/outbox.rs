//! The relay's SQL on the outbox: numbering, reading numbered rows, recording
//! each partition's progress, deleting what every partition is past.

use crate::error::Result;
use crate::events::stream::StreamLayout;
use diesel::sql_types::{Array, BigInt, Bool, Double, SmallInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::sync::Arc;
use uuid::Uuid;

/// A numbered outbox row.
#[derive(diesel::QueryableByName)]
pub(super) struct OutboxRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub seq: i64,
    #[diesel(sql_type = Text)]
    pub event_type: String,
    #[diesel(sql_type = Array<diesel::sql_types::Uuid>)]
    pub recipients: Vec<Uuid>,
    #[diesel(sql_type = Text)]
    pub payload: String,
    /// Seconds since the change's transaction began, when read: how long the
    /// event waited for the relay (the `outbox_event_wait_seconds` metric).
    #[diesel(sql_type = Double)]
    pub waited: f64,
}

/// Rows in `seq` order, shared between the numbering leader and this
/// process's publishers.
pub(super) type Rows = Vec<Arc<OutboxRow>>;

fn shared(mut rows: Vec<OutboxRow>) -> Rows {
    rows.sort_by_key(|r| r.seq);
    rows.into_iter().map(Arc::new).collect()
}

const COLUMNS: &str = "outbox.id, outbox.seq, outbox.event_type, outbox.recipients, \
                       outbox.payload::text AS payload";
const WAITED: &str = "extract(epoch FROM clock_timestamp() - outbox.created_at)::float8 AS waited";

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
/// processes (`channel`), in one statement. Its commit is durable, as numbering must be.
pub(super) async fn number_next(
    conn: &mut AsyncPgConnection,
    first_seq: i64,
    limit: i64,
    wake_others: bool,
) -> Result<Rows> {
    let rows: Vec<OutboxRow> = diesel::sql_query(format!(
        "WITH next AS (
             SELECT id, $1 + row_number() OVER (ORDER BY id) - 1 AS seq
             FROM (SELECT id FROM outbox WHERE seq IS NULL ORDER BY id LIMIT $2) AS oldest
         ), numbered AS (
             UPDATE outbox SET seq = next.seq FROM next WHERE outbox.id = next.id
             RETURNING {COLUMNS}, {WAITED}
         ), recorded AS (
             UPDATE outbox_relay SET last_seq = (SELECT max(seq) FROM numbered)
             WHERE EXISTS (SELECT 1 FROM numbered)
         ), woken AS (
             SELECT pg_notify('{NUMBERED_CHANNEL}', '') AS sent
             FROM (SELECT 1 FROM numbered LIMIT 1) AS any_numbered
             WHERE $3
         ), {WEBHOOK_DELIVERIES}, {PUSH_DELIVERIES}
         SELECT numbered.* FROM numbered LEFT JOIN (SELECT count(*) FROM woken) AS w ON true"
    ))
    .bind::<BigInt, _>(first_seq)
    .bind::<BigInt, _>(limit)
    .bind::<Bool, _>(wake_others)
    .load(conn)
    .await?;
    Ok(shared(rows))
}

/// The channel the numbering leader `NOTIFY`s after numbering rows, when
/// publishers in other processes need waking.
const NUMBERED_CHANNEL: &str = "confab_numbered";

/// Subscribes a publisher's connection to the numbering leader's wake-ups.
pub(super) async fn listen_for_numbered(conn: &mut AsyncPgConnection) -> Result<()> {
    diesel::sql_query(format!("LISTEN {NUMBERED_CHANNEL}"))
        .execute(conn)
        .await?;
    Ok(())
}

/// Up to `limit` numbered rows after `after` and before `before`, for a
/// publisher that was not handed them (another process numbered them, or it
/// fell behind). The outbox is small and `seq` unindexed (numbering stays a
/// HOT update): a scan.
pub(super) async fn numbered_between(
    conn: &mut AsyncPgConnection,
    after: i64,
    before: i64,
    limit: i64,
) -> Result<Rows> {
    let rows: Vec<OutboxRow> = diesel::sql_query(format!(
        "SELECT {COLUMNS}, {WAITED} FROM outbox
         WHERE seq > $1 AND seq < $2 ORDER BY seq LIMIT $3"
    ))
    .bind::<BigInt, _>(after)
    .bind::<BigInt, _>(before)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(shared(rows))
}

fn partition_numbers(layout: &StreamLayout, partitions: &[u16]) -> (i16, Vec<i16>) {
    let count = layout.partitions() as i16;
    (count, partitions.iter().map(|&p| p as i16).collect())
}

/// Each partition's progress, after giving the ones that have none (a new
/// install, a new layout, the first start after an upgrade) the point every
/// partition is certainly past: rows are deleted only once all are, so that
/// is just before the oldest numbered row left, or the last one numbered.
pub(super) async fn start_progress(
    conn: &mut AsyncPgConnection,
    layout: &StreamLayout,
    partitions: &[u16],
) -> Result<Vec<i64>> {
    #[derive(diesel::QueryableByName)]
    struct Progress {
        #[diesel(sql_type = SmallInt)]
        partition_index: i16,
        #[diesel(sql_type = BigInt)]
        published_through: i64,
    }
    let (count, mine) = partition_numbers(layout, partitions);
    diesel::sql_query(
        "INSERT INTO outbox_relay_progress (partitions, partition_index, published_through)
         SELECT $1, p, coalesce((SELECT min(seq) - 1 FROM outbox WHERE seq IS NOT NULL),
                                (SELECT last_seq FROM outbox_relay))
         FROM unnest($2::int2[]) AS p
         ON CONFLICT DO NOTHING",
    )
    .bind::<SmallInt, _>(count)
    .bind::<Array<SmallInt>, _>(&mine)
    .execute(conn)
    .await?;
    let rows: Vec<Progress> = diesel::sql_query(
        "SELECT partition_index, published_through FROM outbox_relay_progress
         WHERE partitions = $1 AND partition_index = ANY($2)",
    )
    .bind::<SmallInt, _>(count)
    .bind::<Array<SmallInt>, _>(&mine)
    .load(conn)
    .await?;
    Ok(mine
        .iter()
        .map(|p| {
            rows.iter()
                .find(|r| r.partition_index == *p)
                .map_or(0, |r| r.published_through)
        })
        .collect())
}

/// The sequence every partition of the layout is published through, with
/// `partitions` counted at `through` (None until every partition has a
/// publisher's progress).
const HORIZON: &str = "SELECT min(CASE WHEN partition_index = ANY($2)
                                       THEN greatest(published_through, $3)
                                       ELSE published_through END) AS seq
                       FROM outbox_relay_progress WHERE partitions = $1
                       HAVING count(*) = $1";

/// Records that `partitions` are published through `through`, deletes the
/// rows among `ids` that every partition is past (by primary key), and
/// returns that horizon (-1 while some partition has no progress yet). Its
/// commit may be asynchronous (`synchronous_commit` is off on publishers'
/// connections): a progress lost in a crash only has rows published again,
/// which Redis refuses, and a later durable commit flushes it with its own.
pub(super) async fn record_progress(
    conn: &mut AsyncPgConnection,
    layout: &StreamLayout,
    partitions: &[u16],
    through: i64,
    ids: &[i64],
) -> Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Horizon {
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    let (count, mine) = partition_numbers(layout, partitions);
    let horizon: Horizon = diesel::sql_query(format!(
        "WITH progressed AS (
             UPDATE outbox_relay_progress SET published_through = $3
             WHERE partitions = $1 AND partition_index = ANY($2) AND published_through < $3
         ), horizon AS ({HORIZON}), published AS (
             DELETE FROM outbox WHERE id = ANY($4) AND seq <= (SELECT seq FROM horizon)
         )
         SELECT coalesce((SELECT seq FROM horizon), -1) AS seq"
    ))
    .bind::<SmallInt, _>(count)
    .bind::<Array<SmallInt>, _>(&mine)
    .bind::<BigInt, _>(through)
    .bind::<Array<BigInt>, _>(ids)
    .get_result(conn)
    .await?;
    Ok(horizon.seq)
}

/// Deletes every row all partitions are past, whoever published it: what a
/// publisher that died kept in memory to delete. A scan; the numbering leader
/// runs it before each vacuum.
pub(super) async fn purge_published(
    conn: &mut AsyncPgConnection,
    layout: &StreamLayout,
) -> Result<()> {
    let (count, none) = partition_numbers(layout, &[]);
    diesel::sql_query(format!(
        "DELETE FROM outbox WHERE seq <= (SELECT seq FROM ({HORIZON}) AS horizon)"
    ))
    .bind::<SmallInt, _>(count)
    .bind::<Array<SmallInt>, _>(&none)
    .bind::<BigInt, _>(0i64)
    .execute(conn)
    .await?;
    Ok(())
}

/// The last sequence number given.
pub(super) async fn last_seq(conn: &mut AsyncPgConnection) -> Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Last {
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    let row: Last = diesel::sql_query("SELECT last_seq AS seq FROM outbox_relay")
        .get_result(conn)
        .await?;
    Ok(row.seq)
}

/// Rows in the outbox, up to `cap`: events not yet in Redis, plus what was
/// published since the publishers last recorded their progress.
pub(super) async fn outbox_rows(conn: &mut AsyncPgConnection, cap: i64) -> Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let count: Count =
        diesel::sql_query("SELECT count(*) AS n FROM (SELECT 1 FROM outbox LIMIT $1) AS waiting")
            .bind::<BigInt, _>(cap)
            .get_result(conn)
            .await?;
    Ok(count.n)
}

/// Not in a transaction (`VACUUM` cannot be).
pub(super) async fn vacuum(conn: &mut AsyncPgConnection) -> Result<()> {
    diesel::sql_query("VACUUM outbox").execute(conn).await?;
    Ok(())
}
