//! An invitation is only as good as its inviter's standing.

use confab_testkit::{TestApp, TestGroup, TestUser, WsClient};
use uuid::Uuid;

async fn invite(app: &TestApp, by: &TestUser, group: &TestGroup, who: &TestUser) -> Uuid {
    let answer = app.client(by).invite(group.id, who.id).await;
    assert_eq!(answer.status, 201, "invite");
    answer.ok().id
}

/// Whether `who` is on the group's member list, as its owner reads it.
async fn is_member(app: &TestApp, owner: &TestUser, group: &TestGroup, who: &TestUser) -> bool {
    let page = app.client(owner).members(group.id, &[]).await.ok();
    page.items.iter().any(|m| m.user.id == who.id)
}

/// The ids of the group's pending invitations, as its owner reads them.
async fn pending(app: &TestApp, owner: &TestUser, group: &TestGroup) -> Vec<Uuid> {
    let list = app.client(owner).group_invites(group.id).await.ok();
    list.items.iter().map(|i| i.id).collect()
}

/// The owner gives `who` a role, asserting it took.
async fn give_role(app: &TestApp, owner: &TestUser, group: &TestGroup, who: &TestUser, role: Uuid) {
    let answer = app.client(owner).set_role(group.id, who.id, role).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.ok().role_id, role);
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
    let accepted = app.client(&mallory).accept_invite(first).await;
    assert_eq!(accepted.status, 200);
    assert!(is_member(&app, &owner, &group, &mallory).await);
    let inviters = app
        .create_role(
            &owner,
            &group,
            "inviters",
            5,
            &["send_messages", "invite_members"],
        )
        .await;
    give_role(&app, &owner, &group, &mallory, inviters).await;

    // About to be banned, Mallory invites her second account.
    app.befriend(&mallory, &sock).await;
    let mut sock_socket = WsClient::connect(&ws).await;
    sock_socket.identify(&sock.access_token).await;
    let planted = invite(&app, &mallory, &group, &sock).await;
    assert_eq!(pending(&app, &owner, &group).await, [planted]);
    let banned = app.client(&owner).ban(group.id, mallory.id).await;
    assert_eq!(banned.status, 204);
    let revoked = sock_socket.next_event_of("group_invite.revoked").await;
    assert_eq!(revoked["data"]["id"], planted.to_string());
    assert!(pending(&app, &owner, &group).await.is_empty());
    let late = app.client(&sock).accept_invite(planted).await;
    assert_eq!(late.status, 404);
    assert_eq!(late.code(), "not_found");
    assert!(
        !is_member(&app, &owner, &group, &sock).await,
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
    give_role(&app, &owner, &group, &moderator, inviters).await;
    app.befriend(&moderator, &friend).await;
    let invited = invite(&app, &moderator, &group, &friend).await;
    // (The default role may invite; this one may not.)
    let quiet = app
        .create_role(&owner, &group, "quiet", 3, &["send_messages"])
        .await;
    give_role(&app, &owner, &group, &moderator, quiet).await;
    let friend_speaks = app.client(&friend);
    let refused = friend_speaks.accept_invite(invited).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "invite_revoked");
    let again = friend_speaks.accept_invite(invited).await;
    assert_eq!(again.status, 404, "and it is gone");
    assert_eq!(again.code(), "not_found");
    assert!(pending(&app, &owner, &group).await.is_empty());
    assert!(!is_member(&app, &owner, &group, &friend).await);
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
    give_role(&app, &owner, &group, &member, plain).await;

    let by_member = app.client(&member).revoke_invite(group.id, to_guest).await;
    assert_eq!(by_member.status, 403, "a member who may not invite");
    assert_eq!(by_member.code(), "missing_permission");
    assert_eq!(pending(&app, &owner, &group).await.len(), 2);
    let owner_speaks = app.client(&owner);
    let by_inviter = owner_speaks.revoke_invite(group.id, to_guest).await;
    assert_eq!(by_inviter.status, 204);
    let spent = app.client(&guest).accept_invite(to_guest).await;
    assert_eq!(spent.status, 404);
    assert_eq!(spent.code(), "not_found");
    let twice = owner_speaks.revoke_invite(group.id, to_guest).await;
    assert_eq!(twice.status, 404);
    assert_eq!(twice.code(), "not_found");
    // The other invitation is untouched.
    assert_eq!(pending(&app, &owner, &group).await, [to_other]);
    let accepted = app.client(&other).accept_invite(to_other).await;
    assert_eq!(accepted.status, 200);
    assert!(is_member(&app, &owner, &group, &other).await);
    assert!(!is_member(&app, &owner, &group, &guest).await);
}
