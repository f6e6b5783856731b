//! Reading the event streams as a gateway would, to check what was published.

use crate::TestApp;
use confab_domain::events::stream::{
    FIELD_DATA, FIELD_RECIPIENTS, FIELD_TYPE, StreamLayout, decode_recipients, parse_stream_id,
};
use deadpool_redis::redis;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// One event as published: merged over the partitions it was written to.
#[derive(Debug, Clone)]
pub struct PublishedEvent {
    pub seq: i64,
    pub kind: String,
    pub recipients: Vec<Uuid>,
    pub data: Value,
    /// How many stream entries carried it (one per partition with a recipient).
    pub entries: usize,
}

impl TestApp {
    fn layout(&self) -> StreamLayout {
        StreamLayout::new(
            self.settings.redis.key_prefix.clone(),
            self.settings.events.partitions,
        )
    }

    /// Every event in every partition stream, in sequence order.
    pub async fn published_events(&self) -> Vec<PublishedEvent> {
        let pool = confab_domain::redis::pool(&self.settings.redis).expect("redis pool");
        let mut conn = pool.get().await.expect("redis connection");
        let layout = self.layout();
        let mut by_seq: BTreeMap<i64, PublishedEvent> = BTreeMap::new();
        for partition in 0..layout.partitions() {
            let entries: Vec<(String, Vec<(String, String)>)> = redis::cmd("XRANGE")
                .arg(layout.stream_key(partition))
                .arg("-")
                .arg("+")
                .query_async::<redis::streams::StreamRangeReply>(&mut conn)
                .await
                .expect("XRANGE")
                .ids
                .into_iter()
                .map(|entry| {
                    let fields = entry
                        .map
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                redis::from_redis_value_ref::<String>(v).unwrap_or_default(),
                            )
                        })
                        .collect();
                    (entry.id, fields)
                })
                .collect();
            let mut previous = 0;
            for (id, fields) in entries {
                let seq = parse_stream_id(&id).expect("stream id");
                assert!(seq > previous, "partition {partition} out of order");
                previous = seq;
                let field = |name: &str| {
                    fields
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                let recipients = decode_recipients(&field(FIELD_RECIPIENTS));
                assert!(
                    recipients
                        .iter()
                        .all(|u| layout.partition_of(*u) == partition),
                    "a recipient in the wrong partition"
                );
                let event = by_seq.entry(seq).or_insert_with(|| PublishedEvent {
                    seq,
                    kind: field(FIELD_TYPE),
                    recipients: Vec::new(),
                    data: serde_json::from_str(&field(FIELD_DATA)).expect("JSON data"),
                    entries: 0,
                });
                event.recipients.extend(recipients);
                event.recipients.sort();
                event.entries += 1;
            }
        }
        by_seq.into_values().collect()
    }

    /// Outbox rows not yet published (the relay deletes what it published).
    pub async fn unpublished_events(&self) -> i64 {
        use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let url = secrecy::ExposeSecret::expose_secret(&self.settings.database.url).to_owned();
        let mut conn = AsyncPgConnection::establish(&url).await.expect("database");
        let count: Count = diesel::sql_query("SELECT count(*) AS n FROM outbox")
            .get_result(&mut conn)
            .await
            .expect("count outbox");
        count.n
    }

    /// The `n` a counting query (`SELECT count(*) AS n ...`) answers.
    pub async fn count_rows(&self, query: &str) -> i64 {
        use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let url = secrecy::ExposeSecret::expose_secret(&self.settings.database.url).to_owned();
        let mut conn = AsyncPgConnection::establish(&url).await.expect("database");
        let count: Count = diesel::sql_query(query)
            .get_result(&mut conn)
            .await
            .expect("count");
        count.n
    }

    /// Runs a statement on the test's database (for state no route sets yet).
    pub async fn execute_sql(&self, statement: &str) {
        use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
        let url = secrecy::ExposeSecret::expose_secret(&self.settings.database.url).to_owned();
        let mut conn = AsyncPgConnection::establish(&url).await.expect("database");
        diesel::sql_query(statement)
            .execute(&mut conn)
            .await
            .expect("statement");
    }

    /// Waits until `done` holds for the published events; returns them.
    pub async fn wait_for_events(
        &self,
        mut done: impl FnMut(&[PublishedEvent]) -> bool,
    ) -> Vec<PublishedEvent> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // Read only when the relay has finished its batch: its pipeline
            // writes partitions one after another.
            if self.unpublished_events().await == 0 {
                let events = self.published_events().await;
                if done(&events) {
                    return events;
                }
            }
            if Instant::now() >= deadline {
                let kinds: Vec<String> = self
                    .published_events()
                    .await
                    .into_iter()
                    .map(|e| e.kind)
                    .collect();
                panic!("events never arrived; have: {kinds:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until at least `count` events of `kind` are published; returns all.
    pub async fn wait_for_count(&self, kind: &str, count: usize) -> Vec<PublishedEvent> {
        self.wait_for_events(|events| events.iter().filter(|e| e.kind == kind).count() >= count)
            .await
    }

    /// Waits for an event of `kind` matching `pick`; returns it.
    pub async fn wait_for_event(
        &self,
        kind: &str,
        mut pick: impl FnMut(&PublishedEvent) -> bool,
    ) -> PublishedEvent {
        let events = self
            .wait_for_events(|events| events.iter().any(|e| e.kind == kind && pick(e)))
            .await;
        events
            .into_iter()
            .find(|e| e.kind == kind && pick(e))
            .expect("found")
    }
}
