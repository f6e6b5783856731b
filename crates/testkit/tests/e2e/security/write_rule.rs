//! One rule decides who may write into a conversation (send, edit, react, pin,
//! type), the same for REST and the gateway.

use confab_testkit::{TestApp, TestUser, WsClient, error_code};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

/// Every write a member might try on an existing message; each must be refused
/// with `code`.
async fn assert_every_write_refused(
    app: &TestApp,
    who: &TestUser,
    conversation: Uuid,
    own_message: &str,
    code: &str,
) {
    let base = format!("/api/v1/conversations/{conversation}");
    let attempts: Vec<(&str, Method, String, Option<Value>)> = vec![
        (
            "send",
            Method::POST,
            format!("{base}/messages"),
            Some(json!({"body": "let me in"})),
        ),
        (
            "edit",
            Method::PATCH,
            format!("{base}/messages/{own_message}"),
            Some(json!({"body": "edited after all"})),
        ),
        (
            "react",
            Method::PUT,
            format!("{base}/messages/{own_message}/reactions/%F0%9F%91%8D"),
            None,
        ),
        (
            "pin",
            Method::PUT,
            format!("{base}/pins/{own_message}"),
            None,
        ),
    ];
    for (what, method, path, body) in attempts {
        let response = app
            .request(method, &path, Some(&who.access_token), body)
            .await;
        assert_eq!(response.status(), 403, "{what}");
        assert_eq!(error_code(response).await, code, "{what}");
    }
}

async fn typing_is_refused(ws: &str, who: &TestUser, conversation: Uuid, code: &str) {
    let mut socket = WsClient::connect(ws).await;
    socket.identify(&who.access_token).await;
    socket
        .send_json(json!({"op": "typing", "conversation_id": conversation}))
        .await;
    let reply = socket.recv_reply().await;
    assert_eq!(reply["op"], "error", "{reply}");
    assert_eq!(reply["code"], code, "{reply}");
}

#[tokio::test]
async fn a_blocked_user_cannot_edit_react_pin_or_type_in_the_dm() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&alice, &bob).await;
    let dm = app.open_dm(&bob, &alice).await;
    let old = app.say(&bob, dm, "an old message").await;
    let old_id = old["id"].as_str().unwrap();

    let mut alice_socket = WsClient::connect(&ws).await;
    alice_socket.identify(&alice.access_token).await;
    let blocked = app
        .request(
            Method::PUT,
            &format!("/api/v1/blocks/{}", bob.id),
            Some(&alice.access_token),
            None,
        )
        .await;
    assert!(blocked.status().is_success());
    alice_socket.next_event_of("friend.removed").await;

    assert_every_write_refused(&app, &bob, dm, old_id, "not_friends").await;
    typing_is_refused(&ws, &bob, dm, "not_friends").await;
    // Nothing of it reached Alice.
    alice_socket
        .expect_silence(Duration::from_millis(500))
        .await;
}

#[tokio::test]
async fn a_member_without_send_messages_cannot_edit_react_or_type() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let owner = app.signup(&TestApp::username("owner")).await;
    let muted = app.signup(&TestApp::username("muted")).await;
    let group = app.create_group(&owner, "public").await;
    app.join_group(&muted, &group).await;
    let said = app
        .say(&muted, group.conversation_id, "before the mute")
        .await;
    let said_id = said["id"].as_str().unwrap();
    let silent = app.create_role(&owner, &group, "silent", 5, &[]).await;
    assert_eq!(
        app.assign_role(&owner, &group, &muted, silent)
            .await
            .status(),
        200
    );

    assert_every_write_refused(
        &app,
        &muted,
        group.conversation_id,
        said_id,
        "missing_permission",
    )
    .await;
    typing_is_refused(&ws, &muted, group.conversation_id, "missing_permission").await;
}
