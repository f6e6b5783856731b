//! Group actions live: every action reaches every online member through two
//! gateway processes, an offline member gets them all on resume, and a banned
//! member's sockets stop receiving the group at once.

use confab_testkit::{GatewayProcess, TestApp, TestGroup, TestUser, WsClient};
use serde_json::{Value, json};
use std::time::Duration;

async fn connect(url: &str, user: &TestUser) -> WsClient {
    let mut client = WsClient::connect(url).await;
    client.identify(&user.access_token).await;
    client
}

/// The next event that is not about presence.
async fn next_group_event(client: &mut WsClient) -> Value {
    loop {
        let event = client.next_event().await;
        if event["type"] != "presence.updated" {
            return event;
        }
    }
}

/// The group event of an action, then its system message, in that order.
async fn expect_action(client: &mut WsClient, who: &str, kind: &str, note: &str) -> String {
    let event = next_group_event(client).await;
    assert_eq!(event["type"], kind, "{who}: {event}");
    let message = next_group_event(client).await;
    assert_eq!(message["type"], "message.created", "{who}: {message}");
    assert_eq!(message["data"]["system"]["type"], note, "{who}: {message}");
    message["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn every_group_action_reaches_every_member_live_and_on_resume() {
    let app = TestApp::spawn().await;
    let gateway1 = GatewayProcess::spawn(&app.settings);
    let gateway2 = GatewayProcess::spawn(&app.settings);
    let [ann, bob, cat, dan] = [
        app.signup(&TestApp::username("ann")).await,
        app.signup(&TestApp::username("bob")).await,
        app.signup(&TestApp::username("cat")).await,
        app.signup(&TestApp::username("dan")).await,
    ];
    let group: TestGroup = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    app.join_group(&cat, &group).await;

    let mut ann_ws = connect(&gateway1.url, &ann).await;
    let mut bob_ws = connect(&gateway2.url, &bob).await;
    // Cat is online for the first action, then goes away.
    let mut cat_ws = connect(&gateway2.url, &cat).await;
    let ann_speaks = app.client(&ann);
    let renamed = ann_speaks
        .update_group(group.id, json!({"name": "Renamed"}))
        .await
        .ok();
    assert_eq!(renamed.group.name, "Renamed");
    let mut seen_by_cat = String::new();
    for (who, client) in [
        ("ann", &mut ann_ws),
        ("bob", &mut bob_ws),
        ("cat", &mut cat_ws),
    ] {
        // Set-up events (the joins) may still be arriving: from this action on,
        // the order is strict.
        client.next_event_of("group.updated").await;
        let message = next_group_event(client).await;
        assert_eq!(message["data"]["system"]["type"], "group_updated", "{who}");
        let id = message["id"].as_str().unwrap().to_owned();
        if who == "cat" {
            seen_by_cat = id;
        }
    }
    drop(cat_ws);

    // Each action, as (what to do, event type, system note).
    type Step = (&'static str, &'static str);
    let mut steps: Vec<Step> = Vec::new();
    app.join_group(&dan, &group).await;
    steps.push(("group.member_joined", "member_joined"));
    let role = app
        .create_role(&ann, &group, "helper", 5, &["send_messages"])
        .await;
    steps.push(("group.role_created", "role_created"));
    app.assign_role(&ann, &group, &bob, role).await.ok();
    steps.push(("group.member_updated", "role_assigned"));
    let recoloured = ann_speaks
        .update_role(group.id, role, json!({"colour": "#00ff00"}))
        .await
        .ok();
    assert_eq!(recoloured.colour.as_deref(), Some("#00ff00"));
    steps.push(("group.role_updated", "role_updated"));
    assert_eq!(ann_speaks.kick(group.id, dan.id).await.status, 204);
    steps.push(("group.member_left", "member_kicked"));
    assert_eq!(ann_speaks.ban(group.id, dan.id).await.status, 204);
    steps.push(("group.member_banned", "member_banned"));
    assert_eq!(ann_speaks.unban(group.id, dan.id).await.status, 204);
    steps.push(("group.member_unbanned", "member_unbanned"));
    assert_eq!(ann_speaks.delete_role(group.id, role).await.status, 204);
    steps.push(("group.role_deleted", "role_deleted"));
    // What the actions left: dan gone and not banned, the role gone.
    let members = ann_speaks.members(group.id, &[]).await.ok();
    assert!(!members.items.iter().any(|m| m.user.id == dan.id));
    assert!(ann_speaks.bans(group.id).await.ok().items.is_empty());
    let roles = ann_speaks.roles(group.id).await.ok();
    assert!(!roles.items.iter().any(|r| r.id == role));

    for (who, client) in [("ann", &mut ann_ws), ("bob", &mut bob_ws)] {
        for (kind, note) in &steps {
            expect_action(client, who, kind, note).await;
        }
    }

    // Cat comes back on the other gateway and catches up, in order.
    let mut cat_ws = WsClient::connect(&gateway1.url).await;
    cat_ws.resume(&cat.access_token, &seen_by_cat).await;
    for (kind, note) in &steps {
        expect_action(&mut cat_ws, "cat on resume", kind, note).await;
    }
}

#[tokio::test]
async fn a_banned_member_stops_receiving_the_group_at_once() {
    let mut app = TestApp::spawn().await;
    let gateway = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let mut bob_tab1 = connect(&gateway, &bob).await;
    let mut bob_tab2 = connect(&gateway, &bob).await;
    let mut ann_ws = connect(&gateway, &ann).await;

    let ann_speaks = app.client(&ann);
    assert_eq!(ann_speaks.ban(group.id, bob.id).await.status, 204);
    let bans = ann_speaks.bans(group.id).await.ok();
    assert_eq!(bans.items.len(), 1);
    assert_eq!(bans.items[0].user.id, bob.id);
    for client in [&mut bob_tab1, &mut bob_tab2] {
        let event = client.next_event_of("group.member_banned").await;
        assert_eq!(event["data"]["user_id"], bob.id.to_string());
    }
    ann_ws.next_event_of("group.member_banned").await;

    // From now on, nothing of the group reaches bob: no messages, no typing.
    ann_speaks
        .say(group.conversation_id, "bob cannot read this")
        .await
        .ok();
    ann_ws
        .send_json(json!({"op": "typing", "conversation_id": group.conversation_id}))
        .await;
    ann_ws.next_event_of("message.created").await;
    for client in [&mut bob_tab1, &mut bob_tab2] {
        client.expect_silence(Duration::from_millis(700)).await;
    }
    bob_tab1
        .send_json(json!({"op": "typing", "conversation_id": group.conversation_id}))
        .await;
    let refused = bob_tab1.recv_reply().await;
    assert_eq!(refused["op"], "error");
    assert_eq!(refused["code"], "not_found");
}
