//! Presence across tabs and gateways, and when a gateway dies.

use confab_domain::models::{Presence, Status};
use confab_testkit::{GatewayProcess, TestApp, TestUser, WsClient};
use serde_json::json;
use std::time::{Duration, Instant};

async fn connect(url: &str, user: &TestUser) -> WsClient {
    let mut client = WsClient::connect(url).await;
    client.identify(&user.access_token).await;
    client
}

/// Waits for `user`'s presence to become `status`, as a client sees it: updates
/// may arrive out of order across gateways, and a client keeps the highest
/// `version`. Pings meanwhile (some tests run with a short heartbeat timeout).
async fn presence_becomes(client: &mut WsClient, user: &TestUser, status: Status) -> Presence {
    let mut best: Option<Presence> = None;
    loop {
        let update = presence_of(client, user).await;
        let newer = best.as_ref().is_none_or(|b| update.version > b.version);
        if newer {
            best = Some(update);
        }
        let current = best.as_ref().expect("set");
        if current.status == status {
            return current.clone();
        }
    }
}

/// The next presence event about `user`.
async fn presence_of(client: &mut WsClient, user: &TestUser) -> Presence {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        assert!(Instant::now() < deadline, "no presence event");
        match tokio::time::timeout(Duration::from_millis(300), client.recv_frame()).await {
            Err(_) => client.send_json(json!({"op": "ping"})).await,
            Ok(None) => panic!("socket closed: {:?}", client.close_code()),
            Ok(Some(frame)) => {
                if frame["type"] == "presence.updated"
                    && frame["data"]["user_id"] == user.id.to_string()
                {
                    return serde_json::from_value(frame["data"].clone()).expect("a presence");
                }
            }
        }
    }
}

/// `friend`'s presence in `viewer`'s friend list.
async fn friend_status(app: &TestApp, viewer: &TestUser, friend: &TestUser) -> Presence {
    let friends = app.client(viewer).friends().await.ok();
    let listed = friends
        .items
        .into_iter()
        .find(|f| f.user.id == friend.id)
        .expect("friend listed");
    assert_eq!(listed.presence.user_id, friend.id);
    listed.presence
}

#[tokio::test]
async fn presence_follows_tabs_on_several_gateways() {
    let mut app = TestApp::spawn().await;
    let gw1 = app.spawn_gateway().await;
    let gw2 = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let mut watcher = connect(&gw1, &bob).await;
    assert_eq!(
        friend_status(&app, &bob, &ann).await.status,
        Status::Offline
    );

    let mut tab1 = connect(&gw1, &ann).await;
    presence_becomes(&mut watcher, &ann, Status::Online).await;
    let mut tab2 = connect(&gw2, &ann).await;
    assert_eq!(friend_status(&app, &bob, &ann).await.status, Status::Online);

    // Away only when every tab is away.
    tab1.send_json(json!({"op": "presence", "status": "away"}))
        .await;
    tab2.send_json(json!({"op": "presence", "status": "away"}))
        .await;
    presence_becomes(&mut watcher, &ann, Status::Away).await;
    tab2.send_json(json!({"op": "presence", "status": "online"}))
        .await;
    presence_becomes(&mut watcher, &ann, Status::Online).await;

    // Offline when the last tab closes, with a last-seen time.
    drop(tab1);
    tab2.send_json(json!({"op": "ping"})).await;
    drop(tab2);
    let gone = presence_becomes(&mut watcher, &ann, Status::Offline).await;
    assert!(gone.last_seen_at.is_some());
    let listed = friend_status(&app, &bob, &ann).await;
    assert_eq!(listed.status, Status::Offline);
    assert!(listed.last_seen_at.is_some());
}

#[tokio::test]
async fn users_of_a_killed_gateway_go_offline_within_the_bound() {
    let mut app = TestApp::spawn_with(|s| {
        s.gateway.heartbeat_timeout_ms = 1500;
        s.gateway.presence_sweep_ms = 250;
    })
    .await;
    let survivor = app.spawn_gateway().await;
    let mut doomed = GatewayProcess::spawn(&app.settings);
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let mut watcher = connect(&survivor, &bob).await;

    let _ann_client = connect(&doomed.url, &ann).await;
    presence_becomes(&mut watcher, &ann, Status::Online).await;

    let killed = Instant::now();
    doomed.kill();
    tokio::time::timeout(
        Duration::from_secs(10),
        presence_becomes(&mut watcher, &ann, Status::Offline),
    )
    .await
    .expect("offline announced");
    // The documented bound: heartbeat timeout + sweep interval (+ delivery).
    let took = killed.elapsed();
    assert!(
        took < Duration::from_millis(1500 + 250 + 2000),
        "took {took:?}"
    );
}
