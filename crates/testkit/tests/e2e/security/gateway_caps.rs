//! The gateway's caps: sockets per user and per address, typing per
//! conversation, presence flapping.

use confab_testkit::{TestApp, WsClient, ws::Ended};
use serde_json::json;
use std::time::Duration;

const TOO_MANY_SOCKETS: u16 = 4005;

#[tokio::test]
async fn the_twenty_first_socket_of_a_user_is_refused() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let second = app.spawn_gateway().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let mut sockets = Vec::new();
    for n in 0..20 {
        // Spread over two gateway processes: the cap counts all of them.
        let mut socket = WsClient::connect(if n % 2 == 0 { &ws } else { &second }).await;
        socket.identify(&alice.access_token).await;
        // A pong comes after the socket's presence is recorded.
        socket.send_json(json!({"op": "ping"})).await;
        assert_eq!(socket.recv_reply().await["op"], "pong");
        sockets.push(socket);
    }
    let mut one_too_many = WsClient::connect(&ws).await;
    one_too_many
        .send_json(json!({"op": "identify", "token": alice.access_token}))
        .await;
    assert_eq!(
        one_too_many.ended(Duration::from_secs(5)).await,
        Ended::Closed(Some(TOO_MANY_SOCKETS))
    );
    // Someone else is not affected, and closing a tab makes room.
    let bob = app.signup(&TestApp::username("bob")).await;
    WsClient::connect(&ws)
        .await
        .identify(&bob.access_token)
        .await;
    drop(sockets.pop());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut again = WsClient::connect(&ws).await;
    again.identify(&alice.access_token).await;
}

#[tokio::test]
async fn sockets_from_one_address_are_capped() {
    let mut app = TestApp::spawn_with(|s| s.gateway.max_sockets_per_ip = 3).await;
    let ws = app.spawn_gateway().await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(WsClient::connect(&ws).await);
    }
    let mut fourth = WsClient::connect(&ws).await;
    assert_eq!(
        fourth.ended(Duration::from_secs(5)).await,
        Ended::Closed(Some(TOO_MANY_SOCKETS)),
        "not even identified yet, and refused"
    );
    drop(open.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let alice = app.signup(&TestApp::username("alice")).await;
    WsClient::connect(&ws)
        .await
        .identify(&alice.access_token)
        .await;
}

#[tokio::test]
async fn typing_alternating_between_conversations_is_still_throttled() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let carol = app.signup(&TestApp::username("carol")).await;
    app.befriend(&alice, &bob).await;
    app.befriend(&alice, &carol).await;
    let with_bob = app.open_dm(&alice, &bob).await;
    let with_carol = app.open_dm(&alice, &carol).await;
    let mut bob_socket = WsClient::connect(&ws).await;
    bob_socket.identify(&bob.access_token).await;
    let mut typist = WsClient::connect(&ws).await;
    typist.identify(&alice.access_token).await;

    for _ in 0..4 {
        for conversation in [with_bob, with_carol] {
            typist
                .send_json(json!({"op": "typing", "conversation_id": conversation}))
                .await;
        }
    }
    let mut notices = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_millis(1200);
    while let Ok(event) = tokio::time::timeout_at(deadline, bob_socket.next_event()).await {
        if event["type"] == "typing.started" {
            notices += 1;
        }
    }
    assert_eq!(notices, 1, "one notice per conversation per two seconds");
}

#[tokio::test]
async fn presence_flapping_is_damped_and_ends_where_the_user_is() {
    let mut app = TestApp::spawn_with(|s| s.gateway.presence_min_interval_ms = 1000).await;
    let ws = app.spawn_gateway().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&alice, &bob).await;
    let mut bob_socket = WsClient::connect(&ws).await;
    bob_socket.identify(&bob.access_token).await;
    let mut flapper = WsClient::connect(&ws).await;
    flapper.identify(&alice.access_token).await;
    bob_socket.next_event_of("presence.updated").await; // online

    for _ in 0..10 {
        for status in ["away", "online"] {
            flapper
                .send_json(json!({"op": "presence", "status": status}))
                .await;
        }
    }
    flapper
        .send_json(json!({"op": "presence", "status": "away"}))
        .await;
    let mut updates = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_millis(2500);
    while let Ok(event) = tokio::time::timeout_at(deadline, bob_socket.next_event()).await {
        if event["type"] == "presence.updated" {
            updates.push(event["data"]["status"].as_str().unwrap().to_owned());
        }
    }
    assert!(
        updates.len() <= 3,
        "21 changes in a burst became {} announcements: {updates:?}",
        updates.len()
    );
    assert_eq!(
        updates.last().map(String::as_str),
        Some("away"),
        "{updates:?}"
    );
}
