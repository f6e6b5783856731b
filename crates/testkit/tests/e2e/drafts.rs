//! Drafts follow their writer: saved on one device, they reach the others
//! live and are there on reload; nobody else hears of them.

use confab_testkit::{TestApp, WsClient};
use serde_json::json;

#[tokio::test]
async fn a_draft_follows_its_writer_to_their_other_devices_and_nobody_else() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let phone = app.login_again(&ann).await;
    let mut laptop_socket = WsClient::connect(&ws).await;
    laptop_socket.identify(&ann.access_token).await;
    let mut phone_socket = WsClient::connect(&ws).await;
    phone_socket.identify(&phone.access_token).await;
    let mut bob_socket = WsClient::connect(&ws).await;
    bob_socket.identify(&bob.access_token).await;

    // Typed on the laptop, kept exactly as typed (trailing space and all).
    let said = app.say(&bob, dm, "lunch?").await;
    let saved = app
        .client(&ann)
        .save_draft(dm, json!({"body": "sure, at noon ", "reply_to": said.id}))
        .await;
    assert_eq!(saved.status, 200);
    let saved = saved.ok();
    assert_eq!(saved.body, "sure, at noon ");
    assert_eq!(saved.reply_to_id, Some(said.id));

    // The phone hears of it live, and finds it after a reload.
    let heard = phone_socket.next_event_of("draft.updated").await;
    assert_eq!(heard["data"]["body"], "sure, at noon ");
    assert_eq!(heard["data"]["conversation_id"], dm.to_string());
    let listed = app
        .client_with_token(&phone.access_token)
        .drafts()
        .await
        .ok();
    assert_eq!(listed.items, vec![saved.clone()]);

    // Edited on the phone: the last save wins, the laptop follows.
    let edited = app
        .client_with_token(&phone.access_token)
        .save_draft(dm, json!({"body": "sure, at one"}))
        .await
        .ok();
    assert_eq!(edited.reply_to_id, None);
    let first = laptop_socket.next_event_of("draft.updated").await;
    assert_eq!(first["data"]["body"], "sure, at noon ");
    let second = laptop_socket.next_event_of("draft.updated").await;
    assert_eq!(second["data"]["body"], "sure, at one");

    // Sent, then cleared: both devices hear the draft is gone.
    app.say(&ann, dm, "sure, at one").await;
    let cleared = app.client(&ann).clear_draft(dm).await;
    assert_eq!(cleared.status, 204);
    loop {
        let event = phone_socket.next_event_of("draft.updated").await;
        if event["data"]["body"] == "" {
            assert!(event["data"]["reply_to_id"].is_null());
            break;
        }
    }
    assert!(app.client(&ann).drafts().await.ok().items.is_empty());
    // Clearing again is fine.
    assert_eq!(app.client(&ann).clear_draft(dm).await.status, 204);

    // Bob never heard of any of it.
    app.say(&ann, dm, "marker").await;
    loop {
        let event = bob_socket.next_event().await;
        assert_ne!(
            event["type"], "draft.updated",
            "a draft is its writer's own"
        );
        if event["type"] == "message.created" && event["data"]["body"] == "marker" {
            break;
        }
    }
}

#[tokio::test]
async fn drafts_are_only_for_conversations_you_are_in_and_hold_to_the_message_rules() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    app.befriend(&ann, &bob).await;
    app.befriend(&eve, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;

    let outsider = app.client(&eve).save_draft(dm, json!({"body": "hi"})).await;
    assert_eq!(outsider.status, 404);
    let too_long = app
        .client(&ann)
        .save_draft(dm, json!({"body": "x".repeat(4001)}))
        .await;
    assert_eq!(too_long.status, 400);
    assert_eq!(too_long.code(), "invalid_message_body");
    let elsewhere = app
        .say(&eve, app.open_dm(&eve, &bob).await, "not yours")
        .await;
    let bad_reply = app
        .client(&ann)
        .save_draft(dm, json!({"body": "re", "reply_to": elsewhere.id}))
        .await;
    assert_eq!(bad_reply.status, 404);
    assert_eq!(bad_reply.code(), "invalid_reply_to");
    // Empty text with no reply is a clear, not a draft.
    let empty = app
        .client(&ann)
        .save_draft(dm, json!({"body": ""}))
        .await
        .ok();
    assert_eq!(empty.body, "");
    assert!(app.client(&ann).drafts().await.ok().items.is_empty());
}
