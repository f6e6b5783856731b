//! Reads on a streaming replica (`database.replica_urls`): the writer sees
//! their write at once, on any API process; anyone else's read may lag, by no
//! more than `database.replica_max_lag_ms`, even while the replica stands still.

use confab_testkit::{
    PostgresPair, Running, TestApp, TestDatabase, TestUser, service_command, wait_for_port,
};
use std::time::{Duration, Instant};
use uuid::Uuid;

const MAX_LAG_MS: u64 = 1500;

/// `db_reads_total{target=...}` on the API at `origin`.
async fn reads_on(origin: &str, target: &str) -> u64 {
    let metrics = reqwest::get(format!("{origin}/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    let series = format!("db_reads_total{{target=\"{target}\"}} ");
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&series))
        .map_or(0, |n| n.trim().parse().expect("a count"))
}

/// The ids on the newest history page, read by `reader` from the API at `origin`.
async fn history_on(origin: &str, reader: &TestUser, dm: Uuid) -> Vec<Uuid> {
    let page: serde_json::Value = reqwest::Client::new()
        .get(format!("{origin}/api/v1/conversations/{dm}/messages"))
        .bearer_auth(&reader.access_token)
        .send()
        .await
        .expect("history")
        .json()
        .await
        .expect("a page");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

/// Reads `reader`'s history until one is served by the replica; returns it.
async fn history_from_the_replica(app: &TestApp, reader: &TestUser, dm: Uuid) -> Vec<Uuid> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let before = reads_on(&app.address, "replica").await;
        let page = history_on(&app.address, reader, dm).await;
        if reads_on(&app.address, "replica").await > before {
            return page;
        }
        assert!(Instant::now() < deadline, "no read reached the replica");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_writer_reads_their_write_at_once_and_others_lag_by_no_more_than_the_bound() {
    let pair = PostgresPair::start();
    let database = TestDatabase::create_on(&pair.primary_url()).await;
    let app = TestApp::spawn_on(database, |s| pair.serve_replica(s, MAX_LAG_MS)).await;
    // A second API process: the writer's pin must hold on every process.
    let (mut command, port) = service_command("confab-api", &app.settings);
    let _other = Running(command.spawn().expect("start confab-api"));
    wait_for_port(port, "confab-api");
    let other = format!("http://127.0.0.1:{port}");

    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let first = app.say(&ann, dm, "before the replica stands still").await;
    // Bob's reads reach the replica once it has caught up and his own
    // writes (accepting the friend request) are older than the bound.
    assert_eq!(history_from_the_replica(&app, &bob, dm).await, [first.id]);

    pair.pause_replay().await;
    let said = app
        .say(&ann, dm, "written while the replica stands still")
        .await;
    let written = Instant::now();

    // The writer sees it at once, on this process and on the other.
    assert_eq!(history_on(&app.address, &ann, dm).await[0], said.id);
    assert_eq!(history_on(&other, &ann, dm).await[0], said.id);
    // Another reader, within the bound, is served by the stopped replica:
    // the write is not there yet.
    let early = history_from_the_replica(&app, &bob, dm).await;
    assert!(
        written.elapsed() < Duration::from_millis(MAX_LAG_MS),
        "the check came too late to be within the bound"
    );
    assert_eq!(early, [first.id], "a read by another user may lag");

    // Past the bound the replica is not read, though it still stands still:
    // Bob sees the write.
    tokio::time::sleep(Duration::from_millis(MAX_LAG_MS + 300).saturating_sub(written.elapsed()))
        .await;
    let primary_reads = reads_on(&app.address, "primary").await;
    assert_eq!(
        history_on(&app.address, &bob, dm).await[0],
        said.id,
        "no read lags past the bound"
    );
    assert!(reads_on(&app.address, "primary").await > primary_reads);

    // Replaying again, the replica catches up and serves Bob, write included.
    pair.resume_replay().await;
    assert_eq!(
        history_from_the_replica(&app, &bob, dm).await,
        [said.id, first.id]
    );
}
