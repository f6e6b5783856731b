//! A login that ends takes its sockets and its access tokens with it, on every
//! gateway, at once; a deleted account is gone for everyone.

use confab_testkit::{TestApp, TestUser, To, WsClient, ws::Ended};
use serde_json::json;
use std::time::Duration;

/// The close code of a socket whose login ended.
const LOGIN_ENDED: u16 = 4004;

/// A second login of the same account (another device, or a thief's).
async fn login(app: &TestApp, user: &TestUser) -> TestUser {
    let answer = app.anonymous().login(&user.username, &user.password).await;
    assert_eq!(answer.status, 200, "login");
    let tokens = answer.ok().tokens;
    TestUser {
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        ..user.clone()
    }
}

async fn identified(ws: &str, user: &TestUser) -> WsClient {
    let mut client = WsClient::connect(ws).await;
    client.identify(&user.access_token).await;
    client
}

async fn assert_revoked_on_rest(app: &TestApp, user: &TestUser) {
    let me = app.client(user).me().await;
    assert_eq!(me.status, 401);
    assert_eq!(me.code(), "session_revoked");
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

    let out = app.anonymous().logout(&alice.refresh_token).await;
    assert_eq!(out.status, 204);

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
        .client(&here)
        .change_password(&here.password, "a-brand-new-password")
        .await;
    assert!(changed.status.is_success(), "{}", changed.status);
    let with_new = app
        .anonymous()
        .login(&here.username, "a-brand-new-password")
        .await;
    assert_eq!(with_new.status, 200, "the new password signs in");

    assert_eq!(
        thief.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
    assert_revoked_on_rest(&app, &stolen).await;
    let still = app.client(&here).me().await;
    assert_eq!(still.status, 200);
    assert_eq!(still.ok().profile.id, here.id);
    mine.send_json(json!({"op": "ping"})).await;
    assert_eq!(mine.recv_reply().await["op"], "pong");
}

#[tokio::test]
async fn a_reused_refresh_token_ends_the_login_and_its_sockets() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let mut socket = identified(&ws, &alice).await;
    let anyone = app.anonymous();

    let first = anyone.refresh(&alice.refresh_token).await;
    assert_eq!(first.status, 200);
    let rotated = first.ok();
    // The attacker replays the stolen, already spent token.
    let replay = anyone.refresh(&alice.refresh_token).await;
    assert_eq!(replay.status, 401);
    assert_eq!(replay.code(), "refresh_token_reused");

    assert_eq!(
        socket.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
    let newer = TestUser {
        access_token: rotated.access_token,
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
    let bob_speaks = app.client(&bob);
    bob_speaks.say(dm, "hi").await.ok();
    let mut alice_socket = identified(&ws, &alice).await;
    let mut bob_socket = identified(&ws, &bob).await;

    let deleted = app.client(&alice).delete_me(&alice.password).await;
    assert_eq!(deleted.status, 204);

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
    let refused = bob_speaks.say(dm, "are you there?").await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "recipient_deleted");
    let history = bob_speaks.history(dm).await.ok();
    assert!(
        history
            .items
            .iter()
            .any(|m| m.body.as_deref() == Some("hi")),
        "bob keeps the history"
    );
    let friends = bob_speaks.friends().await.ok();
    assert!(!friends.items.iter().any(|f| f.user.id == alice.id));
    let request = bob_speaks.send_friend_request(To::Id(alice.id)).await;
    assert_eq!(
        request.status, 404,
        "a deleted account cannot be befriended"
    );
    assert_eq!(request.code(), "not_found");
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

    let deleted = app.client(&owner).delete_me(&owner.password).await;
    assert_eq!(deleted.status, 204);

    let member_speaks = app.client(&member);
    let details = member_speaks.group(group.id).await.ok();
    assert_eq!(details.group.owner_id, moderator.id);
    let members = member_speaks.members(group.id, &[]).await.ok();
    assert!(!members.items.iter().any(|m| m.user.id == owner.id));
    let heir = members
        .items
        .iter()
        .find(|m| m.user.id == moderator.id)
        .expect("the moderator stays");
    assert!(heir.owner, "the member list shows the new owner");
}

#[tokio::test]
async fn a_deleted_sole_member_deletes_the_empty_group() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("owner")).await;
    let group = app.create_group(&owner, "public").await;
    let deleted = app.client(&owner).delete_me(&owner.password).await;
    assert_eq!(deleted.status, 204);
    let stranger = app.signup(&TestApp::username("stranger")).await;
    let gone = app.client(&stranger).group(group.id).await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.code(), "not_found");
}
