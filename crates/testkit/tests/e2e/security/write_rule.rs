//! One rule decides who may write into a conversation (send, edit, react, pin,
//! type), the same for REST and the gateway.

use confab_domain::messages::Message;
use confab_testkit::{ApiError, TestApp, TestUser, WsClient};
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

/// Every write a member might try on an existing message; each must be refused
/// with `code`, and none may change what the conversation shows.
async fn assert_every_write_refused(
    app: &TestApp,
    who: &TestUser,
    conversation: Uuid,
    own_message: &Message,
    code: &str,
) {
    let speaks = app.client(who);
    let id = own_message.id;
    let refusal = |what: &'static str, status: StatusCode, error: ApiError| (what, status, error);
    let attempts = [
        {
            let a = speaks.say(conversation, "let me in").await;
            refusal("send", a.status, a.error())
        },
        {
            let a = speaks
                .edit_message(conversation, id, "edited after all")
                .await;
            refusal("edit", a.status, a.error())
        },
        {
            let a = speaks.react(conversation, id, "👍").await;
            refusal("react", a.status, a.error())
        },
        {
            let a = speaks.pin(conversation, id).await;
            refusal("pin", a.status, a.error())
        },
    ];
    for (what, status, error) in attempts {
        assert_eq!(status, 403, "{what}");
        assert_eq!(error.code, code, "{what}");
    }
    // Read back as the writer sees it (a refused writer may still read).
    let history = speaks.history(conversation).await.ok();
    let said: Vec<&Message> = history
        .items
        .iter()
        .filter(|m| m.system.is_none())
        .collect();
    assert_eq!(said.len(), 1, "nothing was sent");
    let shown = said[0];
    assert_eq!(shown.id, id);
    assert_eq!(shown.body, own_message.body, "not edited");
    assert_eq!(shown.reactions, Some(vec![]), "no reaction");
    assert!(shown.pinned_at.is_none(), "not pinned");
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
    let old = app.client(&bob).say(dm, "an old message").await.ok();

    let mut alice_socket = WsClient::connect(&ws).await;
    alice_socket.identify(&alice.access_token).await;
    let blocked = app.client(&alice).block(bob.id).await;
    assert_eq!(blocked.status, 204);
    alice_socket.next_event_of("friend.removed").await;

    assert_every_write_refused(&app, &bob, dm, &old, "not_friends").await;
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
        .client(&muted)
        .say(group.conversation_id, "before the mute")
        .await
        .ok();
    let silent = app.create_role(&owner, &group, "silent", 5, &[]).await;
    let assigned = app
        .client(&owner)
        .set_role(group.id, muted.id, silent)
        .await;
    assert_eq!(assigned.status, 200);
    assert_eq!(assigned.ok().role_id, silent);

    assert_every_write_refused(
        &app,
        &muted,
        group.conversation_id,
        &said,
        "missing_permission",
    )
    .await;
    typing_is_refused(&ws, &muted, group.conversation_id, "missing_permission").await;
}
