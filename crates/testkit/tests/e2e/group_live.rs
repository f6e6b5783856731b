//! Group actions live: every action reaches every online member through two
//! gateway processes, an offline member gets them all on resume, and a banned
//! member's sockets stop receiving the group at once.

use confab_testkit::{GatewayProcess, TestApp, TestGroup, TestUser, WsClient};
use reqwest::{Method, Response};
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

fn ok(response: Response) -> Response {
    assert!(response.status().is_success(), "{}", response.status());
    response
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
    ok(app
        .group_action(
            &ann,
            Method::PATCH,
            &group,
            "",
            Some(json!({"name": "Renamed"})),
        )
        .await);
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
    let patch = json!({"colour": "#00ff00"});
    ok(app
        .group_action(
            &ann,
            Method::PATCH,
            &group,
            &format!("/roles/{role}"),
            Some(patch),
        )
        .await);
    steps.push(("group.role_updated", "role_updated"));
    ok(app
        .group_action(
            &ann,
            Method::DELETE,
            &group,
            &format!("/members/{}", dan.id),
            None,
        )
        .await);
    steps.push(("group.member_left", "member_kicked"));
    ok(app
        .group_action(
            &ann,
            Method::PUT,
            &group,
            &format!("/bans/{}", dan.id),
            None,
        )
        .await);
    steps.push(("group.member_banned", "member_banned"));
    ok(app
        .group_action(
            &ann,
            Method::DELETE,
            &group,
            &format!("/bans/{}", dan.id),
            None,
        )
        .await);
    steps.push(("group.member_unbanned", "member_unbanned"));
    ok(app
        .group_action(
            &ann,
            Method::DELETE,
            &group,
            &format!("/roles/{role}"),
            None,
        )
        .await);
    steps.push(("group.role_deleted", "role_deleted"));

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

    ok(app
        .group_action(
            &ann,
            Method::PUT,
            &group,
            &format!("/bans/{}", bob.id),
            None,
        )
        .await);
    for client in [&mut bob_tab1, &mut bob_tab2] {
        let event = client.next_event_of("group.member_banned").await;
        assert_eq!(event["data"]["user_id"], bob.id.to_string());
    }
    ann_ws.next_event_of("group.member_banned").await;

    // From now on, nothing of the group reaches bob: no messages, no typing.
    app.say(&ann, group.conversation_id, "bob cannot read this")
        .await;
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
