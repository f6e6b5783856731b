//! Relay shards: with `events.relay_shards = 2`, two API processes each publish
//! half of the partitions, and when one dies its half moves to the other, with
//! every event still in each of its recipients' streams exactly once, in order.

use confab_testkit::{ApiProcess, TestApp};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Advisory locks of a class in this test's database: the relay's members
/// (one per process) and its partitions (held by each shard's publisher).
fn locks(class: u32) -> String {
    format!(
        "FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint = {class}
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
}
const MEMBERS: u32 = 0x0C0F_AB04;
const PARTITIONS: u32 = 0x0C0F_AB03;

/// Waits until `processes` relay, and both shards' publishers hold every
/// partition between them: with two members, each leads one shard (its fair
/// share); with one, it leads both.
async fn wait_for_publishers(app: &TestApp, processes: i64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let members = app
            .count_rows(&format!("SELECT count(*) AS n {}", locks(MEMBERS)))
            .await;
        let publishers = app
            .count_rows(&format!(
                "SELECT count(DISTINCT pid) AS n {}",
                locks(PARTITIONS)
            ))
            .await;
        let held = app
            .count_rows(&format!("SELECT count(*) AS n {}", locks(PARTITIONS)))
            .await;
        let all = i64::from(app.settings.events.partitions);
        if members == processes && publishers == 2 && held == all {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "wanted {processes} relaying processes holding every partition; \
             {members} members, {publishers} publishers hold {held}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn two_api_processes_publish_half_the_partitions_each_and_one_dying_hands_its_half_over() {
    let app = TestApp::spawn_with(|s| s.events.relay_shards = 2).await;
    // Another API process: the real binary, so that it can die the hard way.
    // The first process took both shards while alone; it hands one over.
    let mut other = Some(ApiProcess::start_leading_a_shard(&app.settings).await);
    wait_for_publishers(&app, 2).await;

    // Six DMs: twelve people, spread over the partitions (and so both shards).
    let mut dms = Vec::new();
    for _ in 0..6 {
        let a = app.signup(&TestApp::username("ann")).await;
        let b = app.signup(&TestApp::username("bob")).await;
        app.befriend(&a, &b).await;
        let dm = app.open_dm(&a, &b).await;
        dms.push((a, dm));
    }
    let mut sent: Vec<(Uuid, Uuid)> = Vec::new();
    for i in 0..48 {
        if i == 24 {
            // SIGKILL: its relay's connections, and locks, go with it.
            drop(other.take());
            wait_for_publishers(&app, 1).await;
        }
        let (author, dm) = &dms[i % dms.len()];
        let message = app.say(author, *dm, &format!("message {i}")).await;
        sent.push((*dm, message.id));
    }
    let events = app.wait_for_count("message.created", sent.len()).await;

    let published: Vec<(Uuid, Uuid)> = events
        .iter()
        .filter(|e| e.kind == "message.created")
        .map(|e| {
            let id = |field: &str| e.data[field].as_str().unwrap().parse::<Uuid>().unwrap();
            (id("conversation_id"), id("id"))
        })
        .collect();
    for (_, dm) in &dms {
        let in_dm = |list: &[(Uuid, Uuid)]| -> Vec<Uuid> {
            list.iter()
                .filter(|(c, _)| c == dm)
                .map(|(_, m)| *m)
                .collect()
        };
        assert_eq!(
            in_dm(&published),
            in_dm(&sent),
            "each message once, in order"
        );
    }
    let partitions = app.settings.events.partitions;
    for event in &events {
        let mut theirs: Vec<u16> = event
            .recipients
            .iter()
            .map(|u| (u.as_u128() % u128::from(partitions)) as u16)
            .collect();
        theirs.sort();
        theirs.dedup();
        assert_eq!(
            event.entries,
            theirs.len(),
            "{} in each partition once",
            event.kind
        );
    }
}
