//! The gateway's handshake: identify, ready, ping/pong, timeouts, bad frames.

use confab_testkit::{TestApp, WsClient, ws::Ended};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn identify_with_a_valid_token_gets_ready_and_pings_get_pongs() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let user = app.signup(&TestApp::username("wsu")).await;
    let mut client = WsClient::connect(&ws).await;
    let ready = client.identify(&user.access_token).await;
    assert_eq!(ready["user"]["id"], user.id.to_string());
    assert_eq!(ready["user"]["username"], user.username);
    assert!(ready["heartbeat_interval_ms"].as_u64().unwrap() > 0);

    client.send_json(json!({"op": "ping"})).await;
    assert_eq!(client.recv_reply().await, json!({"op": "pong"}));
}

#[tokio::test]
async fn bad_frames_get_error_frames_and_the_socket_stays_open() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let user = app.signup(&TestApp::username("wsb")).await;
    let mut client = WsClient::connect(&ws).await;
    client.identify(&user.access_token).await;

    client.send_text("this is not json").await;
    let error = client.recv_reply().await;
    assert_eq!(
        (error["op"].as_str(), error["code"].as_str()),
        (Some("error"), Some("invalid_frame"))
    );

    client.send_json(json!({"op": "warp_drive"})).await;
    assert_eq!(client.recv_reply().await["code"], "invalid_frame");

    client.send_binary(vec![1, 2, 3]).await;
    assert_eq!(client.recv_reply().await["code"], "binary_not_supported");

    client
        .send_json(json!({"op": "identify", "token": user.access_token}))
        .await;
    assert_eq!(client.recv_reply().await["code"], "already_identified");

    client.send_json(json!({"op": "ping"})).await;
    assert_eq!(client.recv_reply().await["op"], "pong");
}

#[tokio::test]
async fn the_first_frame_must_be_identify() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let mut client = WsClient::connect(&ws).await;
    client.send_json(json!({"op": "ping"})).await;
    assert_eq!(
        client.ended(Duration::from_secs(5)).await,
        Ended::Closed(Some(4002))
    );
}

#[tokio::test]
async fn silent_sockets_are_closed() {
    let mut app = TestApp::spawn_with(|s| {
        s.gateway.identify_timeout_ms = 300;
        s.gateway.heartbeat_timeout_ms = 500;
    })
    .await;
    let ws = app.spawn_gateway().await;
    let user = app.signup(&TestApp::username("wss")).await;

    let mut never_identified = WsClient::connect(&ws).await;
    assert_eq!(
        never_identified.ended(Duration::from_secs(5)).await,
        Ended::Closed(Some(4002))
    );

    let mut silent = WsClient::connect(&ws).await;
    silent.identify(&user.access_token).await;
    assert_eq!(
        silent.ended(Duration::from_secs(5)).await,
        Ended::Closed(Some(4003))
    );

    // A client that keeps pinging stays.
    let mut chatty = WsClient::connect(&ws).await;
    chatty.identify(&user.access_token).await;
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        chatty.send_json(json!({"op": "ping"})).await;
        assert_eq!(chatty.recv_reply().await["op"], "pong");
    }
}
