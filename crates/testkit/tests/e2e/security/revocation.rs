//! A login that ends takes its sockets and its access tokens with it, on every
//! gateway, at once; a deleted account is gone for everyone.

use confab_testkit::{TestApp, TestUser, WsClient, error_code, ws::Ended};
use serde_json::{Value, json};
use std::time::Duration;

/// The close code of a socket whose login ended.
const LOGIN_ENDED: u16 = 4004;

async fn login(app: &TestApp, user: &TestUser) -> TestUser {
    let response = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": user.username, "password": user.password}),
        )
        .await;
    assert_eq!(response.status(), 200, "login");
    let body: Value = response.json().await.unwrap();
    TestUser {
        access_token: body["access_token"].as_str().unwrap().to_owned(),
        refresh_token: body["refresh_token"].as_str().unwrap().to_owned(),
        ..user.clone()
    }
}

async fn identified(ws: &str, user: &TestUser) -> WsClient {
    let mut client = WsClient::connect(ws).await;
    client.identify(&user.access_token).await;
    client
}

async fn assert_revoked_on_rest(app: &TestApp, user: &TestUser) {
    let response = app.get("/api/v1/users/me", Some(&user.access_token)).await;
    assert_eq!(response.status(), 401);
    assert_eq!(error_code(response).await, "session_revoked");
}

async fn assert_refused_at_identify(ws: &str, user: &TestUser) {
    let mut client = WsClient::connect(ws).await;
    client
        .send_json(json!({"op": "identify", "token": user.access_token}))
        .await;
    assert_eq!(
        client.ended(Duration::from_secs(5)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
}

#[tokio::test]
async fn a_socket_stops_receiving_within_a_second_of_logout() {
    let mut app = TestApp::spawn().await;
    let (ws_one, ws_two) = (app.spawn_gateway().await, app.spawn_gateway().await);
    let alice = app.signup(&TestApp::username("alice")).await;
    // Two tabs of the same login, on two gateway processes.
    let mut tab_one = identified(&ws_one, &alice).await;
    let mut tab_two = identified(&ws_two, &alice).await;

    let out = app
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": alice.refresh_token}),
        )
        .await;
    assert_eq!(out.status(), 204);

    assert_eq!(
        tab_one.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
    assert_eq!(
        tab_two.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
    assert_revoked_on_rest(&app, &alice).await;
    assert_refused_at_identify(&ws_one, &alice).await;
}

#[tokio::test]
async fn a_password_change_closes_every_other_logins_sockets_and_keeps_its_own() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let here = app.signup(&TestApp::username("alice")).await;
    let stolen = login(&app, &here).await;
    let mut thief = identified(&ws, &stolen).await;
    let mut mine = identified(&ws, &here).await;

    let changed = app
        .request(
            reqwest::Method::POST,
            "/api/v1/users/me/password",
            Some(&here.access_token),
            Some(
                json!({"current_password": here.password, "new_password": "a-brand-new-password"}),
            ),
        )
        .await;
    assert!(changed.status().is_success(), "{}", changed.status());

    assert_eq!(
        thief.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
    assert_revoked_on_rest(&app, &stolen).await;
    let still = app.get("/api/v1/users/me", Some(&here.access_token)).await;
    assert_eq!(still.status(), 200);
    mine.send_json(json!({"op": "ping"})).await;
    assert_eq!(mine.recv_reply().await["op"], "pong");
}

#[tokio::test]
async fn a_reused_refresh_token_ends_the_login_and_its_sockets() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let mut socket = identified(&ws, &alice).await;

    let first = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": alice.refresh_token}),
        )
        .await;
    assert_eq!(first.status(), 200);
    let rotated: Value = first.json().await.unwrap();
    // The attacker replays the stolen, already spent token.
    let replay = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": alice.refresh_token}),
        )
        .await;
    assert_eq!(replay.status(), 401);

    assert_eq!(
        socket.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
    let newer = TestUser {
        access_token: rotated["access_token"].as_str().unwrap().to_owned(),
        ..alice.clone()
    };
    assert_revoked_on_rest(&app, &newer).await;
    assert_revoked_on_rest(&app, &alice).await;
}

#[tokio::test]
async fn a_deleted_account_gets_nothing_and_cannot_be_messaged() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&alice, &bob).await;
    let dm = app.open_dm(&bob, &alice).await;
    app.say(&bob, dm, "hi").await;
    let mut alice_socket = identified(&ws, &alice).await;
    let mut bob_socket = identified(&ws, &bob).await;

    let deleted = app
        .request(
            reqwest::Method::DELETE,
            "/api/v1/users/me",
            Some(&alice.access_token),
            Some(json!({"password": alice.password})),
        )
        .await;
    assert_eq!(deleted.status(), 204);

    assert_eq!(
        alice_socket.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
    assert_revoked_on_rest(&app, &alice).await;

    // Bob learns the friendship is over, and the DM is read-only for him.
    let removed = bob_socket.next_event_of("friend.removed").await;
    assert!(
        removed["data"]["user_ids"]
            .to_string()
            .contains(&alice.id.to_string())
    );
    let refused = app
        .send_message(&bob, dm, json!({"body": "are you there?"}))
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(error_code(refused).await, "recipient_deleted");
    let history = app
        .get_json(&format!("/api/v1/conversations/{dm}/messages"), &bob)
        .await;
    assert!(
        history.to_string().contains("\"hi\""),
        "bob keeps the history"
    );
    let friends = app.get_json("/api/v1/friends", &bob).await;
    assert!(!friends.to_string().contains(&alice.id.to_string()));
    let request = app
        .post(
            "/api/v1/friends/requests",
            Some(&bob.access_token),
            json!({"user_id": alice.id}),
        )
        .await;
    assert_eq!(
        request.status(),
        404,
        "a deleted account cannot be befriended"
    );
}

#[tokio::test]
async fn a_deleted_owner_hands_the_group_to_the_highest_ranked_member() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("owner")).await;
    let moderator = app.signup(&TestApp::username("moder")).await;
    let member = app.signup(&TestApp::username("member")).await;
    let group = app.create_group(&owner, "public").await;
    app.join_group(&moderator, &group).await;
    app.join_group(&member, &group).await;
    let role = app
        .create_role(&owner, &group, "mods", 10, &["kick_members"])
        .await;
    let assigned = app.assign_role(&owner, &group, &moderator, role).await;
    assert_eq!(assigned.status, 200);

    let deleted = app
        .request(
            reqwest::Method::DELETE,
            "/api/v1/users/me",
            Some(&owner.access_token),
            Some(json!({"password": owner.password})),
        )
        .await;
    assert_eq!(deleted.status(), 204);

    let details = app
        .get_json(&format!("/api/v1/groups/{}", group.id), &member)
        .await;
    assert_eq!(details["owner_id"], moderator.id.to_string());
    let members = app
        .get_json(&format!("/api/v1/groups/{}/members", group.id), &member)
        .await;
    assert!(!members.to_string().contains(&owner.id.to_string()));
}

#[tokio::test]
async fn a_deleted_sole_member_deletes_the_empty_group() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("owner")).await;
    let group = app.create_group(&owner, "public").await;
    let deleted = app
        .request(
            reqwest::Method::DELETE,
            "/api/v1/users/me",
            Some(&owner.access_token),
            Some(json!({"password": owner.password})),
        )
        .await;
    assert_eq!(deleted.status(), 204);
    let stranger = app.signup(&TestApp::username("stranger")).await;
    let gone = app
        .get(
            &format!("/api/v1/groups/{}", group.id),
            Some(&stranger.access_token),
        )
        .await;
    assert_eq!(gone.status(), 404);
}
