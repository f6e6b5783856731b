//! A Redis that comes back from an older snapshot has the streams' floors but
//! not their newest entries. Resuming must then give the missed events or
//! `resync`, never silence.

use confab_testkit::{RedisServer, TestApp, TestUser, WsClient};
use serde_json::Value;
use uuid::Uuid;

struct Scene {
    app: TestApp,
    ws: String,
    alice: TestUser,
    bob: TestUser,
    dm: Uuid,
    redis: RedisServer,
}

async fn scene(replay_window_secs: u64) -> Scene {
    let redis = RedisServer::start_with_snapshots();
    let mut app = TestApp::spawn_with(|s| {
        redis.serve(s);
        s.events.replay_window_secs = replay_window_secs;
    })
    .await;
    let ws = app.spawn_gateway().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&alice, &bob).await;
    let dm = app.open_dm(&alice, &bob).await;
    Scene {
        app,
        ws,
        alice,
        bob,
        dm,
        redis,
    }
}

async fn next_message(socket: &mut WsClient) -> Value {
    socket.next_event_of("message.created").await
}

/// Bob sees "one"; Redis is snapshotted; Bob sees "two" and "three"; Redis
/// comes back from the snapshot; Alice says "four". Returns the id of the
/// event "one" (where a tab that saw only it resumes from).
async fn restore_a_stale_snapshot(s: &mut Scene) -> String {
    let mut live = WsClient::connect(&s.ws).await;
    live.identify(&s.bob.access_token).await;
    s.app.say(&s.alice, s.dm, "one").await;
    let one = next_message(&mut live).await;
    s.redis.save().await;
    for text in ["two", "three"] {
        s.app.say(&s.alice, s.dm, text).await;
        assert_eq!(next_message(&mut live).await["data"]["body"], text);
    }
    s.redis.stop();
    s.redis.resume();
    // The next send goes through the relay's check of what Redis holds.
    let four = s
        .app
        .send_message(&s.alice, s.dm, serde_json::json!({"body": "four"}))
        .await;
    assert_eq!(four.status(), 201);
    assert_eq!(next_message(&mut live).await["data"]["body"], "four");
    one["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_stale_redis_restore_gives_resync_not_silence() {
    // No window to publish the lost events again from.
    let mut s = scene(0).await;
    let after_one = restore_a_stale_snapshot(&mut s).await;

    let mut tab = WsClient::connect(&s.ws).await;
    tab.resume(&s.bob.access_token, &after_one).await;
    let first = tab.next_event().await;
    assert_eq!(
        first["type"], "resync",
        "events two and three are gone from Redis: {first}"
    );
}

#[tokio::test]
async fn a_stale_redis_restore_is_filled_from_the_relays_window() {
    let mut s = scene(60).await;
    let after_one = restore_a_stale_snapshot(&mut s).await;

    let mut tab = WsClient::connect(&s.ws).await;
    tab.resume(&s.bob.access_token, &after_one).await;
    for text in ["two", "three", "four"] {
        let event = next_message(&mut tab).await;
        assert_eq!(event["data"]["body"], text);
    }
}

#[tokio::test]
async fn a_whole_redis_is_not_published_to_again_while_idle() {
    // Two users fill two of the partitions; the others never get a floor.
    let s = scene(60).await;
    let mut live = WsClient::connect(&s.ws).await;
    live.identify(&s.bob.access_token).await;
    s.app.say(&s.alice, s.dm, "hello").await;
    next_message(&mut live).await;

    let before = s.redis.calls_of("XADD").await;
    // Several of the relay's idle looks at Redis (every `relay_poll_ms`).
    tokio::time::sleep(std::time::Duration::from_millis(2_000)).await;
    let after = s.redis.calls_of("XADD").await;
    assert_eq!(
        after, before,
        "nothing was lost, yet the relay published its window again"
    );
}
