//! An invitation is only as good as its inviter's standing.

use confab_testkit::{TestApp, TestGroup, TestUser, WsClient, error_code};
use reqwest::Method;
use serde_json::{Value, json};

async fn invite(app: &TestApp, by: &TestUser, group: &TestGroup, who: &TestUser) -> String {
    let response = app
        .group_action(
            by,
            Method::POST,
            group,
            "/invites",
            Some(json!({"user_id": who.id})),
        )
        .await;
    assert_eq!(response.status(), 201, "invite");
    let invite: Value = response.json().await.unwrap();
    invite["id"].as_str().unwrap().to_owned()
}

async fn accept(app: &TestApp, who: &TestUser, invite: &str) -> reqwest::Response {
    app.post(
        &format!("/api/v1/invites/{invite}/accept"),
        Some(&who.access_token),
        json!({}),
    )
    .await
}

async fn is_member(app: &TestApp, group: &TestGroup, who: &TestUser) -> bool {
    app.get(
        &format!("/api/v1/groups/{}", group.id),
        Some(&who.access_token),
    )
    .await
    .json::<Value>()
    .await
    .unwrap()["me"]
        .is_object()
}

#[tokio::test]
async fn an_invitation_dies_with_the_inviters_standing() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let owner = app.signup(&TestApp::username("owner")).await;
    let mallory = app.signup(&TestApp::username("mallory")).await;
    let sock = app.signup(&TestApp::username("sock")).await;
    let group = app.create_group(&owner, "private").await;
    app.befriend(&owner, &mallory).await;
    let first = invite(&app, &owner, &group, &mallory).await;
    assert_eq!(accept(&app, &mallory, &first).await.status(), 200);
    let inviters = app
        .create_role(
            &owner,
            &group,
            "inviters",
            5,
            &["send_messages", "invite_members"],
        )
        .await;
    assert_eq!(
        app.assign_role(&owner, &group, &mallory, inviters)
            .await
            .status(),
        200
    );

    // About to be banned, Mallory invites her second account.
    app.befriend(&mallory, &sock).await;
    let mut sock_socket = WsClient::connect(&ws).await;
    sock_socket.identify(&sock.access_token).await;
    let planted = invite(&app, &mallory, &group, &sock).await;
    let banned = app
        .group_action(
            &owner,
            Method::PUT,
            &group,
            &format!("/bans/{}", mallory.id),
            None,
        )
        .await;
    assert!(banned.status().is_success());
    let revoked = sock_socket.next_event_of("group_invite.revoked").await;
    assert_eq!(revoked["data"]["id"], planted);
    let late = accept(&app, &sock, &planted).await;
    assert_eq!(late.status(), 404);
    assert!(
        !is_member(&app, &group, &sock).await,
        "the second account stays out"
    );
}

#[tokio::test]
async fn an_inviter_who_lost_the_permission_cannot_bring_anyone_in() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("owner")).await;
    let moderator = app.signup(&TestApp::username("moder")).await;
    let friend = app.signup(&TestApp::username("friend")).await;
    let group = app.create_group(&owner, "public").await;
    app.join_group(&moderator, &group).await;
    let inviters = app
        .create_role(
            &owner,
            &group,
            "inviters",
            5,
            &["send_messages", "invite_members"],
        )
        .await;
    assert_eq!(
        app.assign_role(&owner, &group, &moderator, inviters)
            .await
            .status(),
        200
    );
    app.befriend(&moderator, &friend).await;
    let pending = invite(&app, &moderator, &group, &friend).await;
    // (The default role may invite; this one may not.)
    let quiet = app
        .create_role(&owner, &group, "quiet", 3, &["send_messages"])
        .await;
    assert_eq!(
        app.assign_role(&owner, &group, &moderator, quiet)
            .await
            .status(),
        200
    );
    let refused = accept(&app, &friend, &pending).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(error_code(refused).await, "invite_revoked");
    assert_eq!(
        accept(&app, &friend, &pending).await.status(),
        404,
        "and it is gone"
    );
    assert!(!is_member(&app, &group, &friend).await);
}

#[tokio::test]
async fn invitations_can_be_revoked_by_the_inviter_or_a_member_who_may_invite() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("owner")).await;
    let member = app.signup(&TestApp::username("member")).await;
    let guest = app.signup(&TestApp::username("guest")).await;
    let other = app.signup(&TestApp::username("other")).await;
    let group = app.create_group(&owner, "public").await;
    app.join_group(&member, &group).await;
    app.befriend(&owner, &guest).await;
    app.befriend(&owner, &other).await;
    let to_guest = invite(&app, &owner, &group, &guest).await;
    let to_other = invite(&app, &owner, &group, &other).await;
    let plain = app
        .create_role(&owner, &group, "plain", 3, &["send_messages"])
        .await;
    assert_eq!(
        app.assign_role(&owner, &group, &member, plain)
            .await
            .status(),
        200
    );

    let path = |id: &str| format!("/invites/{id}");
    let by_member = app
        .group_action(&member, Method::DELETE, &group, &path(&to_guest), None)
        .await;
    assert_eq!(by_member.status(), 403, "a member who may not invite");
    assert_eq!(error_code(by_member).await, "missing_permission");
    let by_inviter = app
        .group_action(&owner, Method::DELETE, &group, &path(&to_guest), None)
        .await;
    assert_eq!(by_inviter.status(), 204);
    assert_eq!(accept(&app, &guest, &to_guest).await.status(), 404);
    let twice = app
        .group_action(&owner, Method::DELETE, &group, &path(&to_guest), None)
        .await;
    assert_eq!(twice.status(), 404);
    // The other invitation is untouched.
    assert_eq!(accept(&app, &other, &to_other).await.status(), 200);
}
