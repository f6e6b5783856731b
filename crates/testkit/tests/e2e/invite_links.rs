//! Invite links: whoever holds one joins (a private group too) until it is
//! used up, expires or is revoked (410 each); bans hold; an outsider sees the
//! group's name, photo and member count and nothing more; `invite_members`
//! governs who may make them; the audit log records them.

use confab_testkit::{TestApp, TestUser};
use serde_json::json;

async fn private_group(app: &TestApp, owner: &TestUser) -> confab_domain::groups::GroupDetails {
    app.client(owner)
        .create_group(json!({"name": "Book club", "kind": "private"}))
        .await
        .ok()
}

#[tokio::test]
async fn a_link_with_two_uses_admits_two_and_refuses_the_third() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("ann")).await;
    let group = private_group(&app, &owner).await;
    let link = app
        .client(&owner)
        .create_invite_link(
            group.group.id,
            json!({"max_uses": 2, "expires_in_secs": 3600}),
        )
        .await;
    assert_eq!(link.status, 201);
    let link = link.ok();
    assert_eq!(link.url, format!("/invite/{}", link.code));
    assert!(link.code.len() >= 10);

    // An outsider sees the name and the count, nothing of the conversation.
    let bob = app.signup(&TestApp::username("bob")).await;
    let preview = app.client(&bob).invite_link(&link.code).await.ok();
    assert_eq!(preview.group_name, "Book club");
    assert_eq!(preview.member_count, 1);
    assert!(!preview.member);
    assert_eq!(
        app.client(&bob)
            .history(group.group.conversation_id)
            .await
            .status,
        404
    );

    let joined = app.client(&bob).join_by_link(&link.code).await;
    assert_eq!(joined.status, 200);
    assert!(joined.ok().me.is_some(), "Bob is a member");
    assert_eq!(
        app.client(&bob).join_by_link(&link.code).await.code(),
        "already_member"
    );
    let cat = app.signup(&TestApp::username("cat")).await;
    assert_eq!(app.client(&cat).join_by_link(&link.code).await.status, 200);
    let dan = app.signup(&TestApp::username("dan")).await;
    let third = app.client(&dan).join_by_link(&link.code).await;
    assert_eq!(third.status, 410);
    assert_eq!(third.code(), "invite_link_used_up");
    assert_eq!(app.client(&dan).invite_link(&link.code).await.status, 410);
    assert_eq!(
        app.client(&dan).join_by_link("nosuchcode").await.status,
        404
    );
    assert!(
        app.client(&owner)
            .invite_links(group.group.id)
            .await
            .ok()
            .is_empty(),
        "a used-up link is no longer listed"
    );
}

#[tokio::test]
async fn expired_and_revoked_links_are_gone_and_bans_hold() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("ann")).await;
    let group = private_group(&app, &owner).await;
    let client = app.client(&owner);
    let expiring = client
        .create_invite_link(group.group.id, json!({"expires_in_secs": 1800}))
        .await
        .ok();
    let revoked = client
        .create_invite_link(group.group.id, json!({}))
        .await
        .ok();
    let open = client
        .create_invite_link(group.group.id, json!({}))
        .await
        .ok();
    assert_eq!(client.invite_links(group.group.id).await.ok().len(), 3);

    app.execute_sql(&format!(
        "UPDATE group_invite_links SET expires_at = now() - interval '1 second' WHERE id = '{}'",
        expiring.id
    ))
    .await;
    assert_eq!(
        client
            .revoke_invite_link(group.group.id, revoked.id)
            .await
            .status,
        204
    );
    let bob = app.signup(&TestApp::username("bob")).await;
    let expired = app.client(&bob).join_by_link(&expiring.code).await;
    assert_eq!(
        (expired.status.as_u16(), expired.code()),
        (410, "invite_link_expired".into())
    );
    let gone = app.client(&bob).join_by_link(&revoked.code).await;
    assert_eq!(
        (gone.status.as_u16(), gone.code()),
        (410, "invite_link_revoked".into())
    );

    // A banned user cannot come back by link.
    assert!(client.ban(group.group.id, bob.id).await.status.is_success());
    let banned = app.client(&bob).join_by_link(&open.code).await;
    assert_eq!(
        (banned.status.as_u16(), banned.code()),
        (403, "banned".into())
    );

    // Terms out of range are refused.
    for body in [
        json!({"expires_in_secs": 60}),
        json!({"max_uses": 0}),
        json!({"max_uses": 10001}),
    ] {
        assert_eq!(
            client
                .create_invite_link(group.group.id, body.clone())
                .await
                .code(),
            "invalid_invite_link",
            "{body}"
        );
    }

    // The audit log has the links made and revoked.
    let log = client.audit_log(group.group.id, &[]).await.ok();
    let actions: Vec<&str> = log.items.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "invite_link_created",
            "invite_link_created",
            "invite_link_created",
            "invite_link_revoked",
            "member_banned"
        ]
    );
}

#[tokio::test]
async fn invite_members_governs_who_may_make_and_revoke_links() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("ann")).await;
    let group = app.create_group(&owner, "public").await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let cat = app.signup(&TestApp::username("cat")).await;
    app.join_group(&bob, &group).await;
    app.join_group(&cat, &group).await;

    // Members may invite by default; a role without it may not.
    let bobs = app
        .client(&bob)
        .create_invite_link(group.id, json!({}))
        .await
        .ok();
    let quiet = app
        .create_role(&owner, &group, "Quiet", 1, &["send_messages"])
        .await;
    app.client(&owner)
        .set_role(group.id, cat.id, quiet)
        .await
        .ok();
    assert_eq!(
        app.client(&cat)
            .create_invite_link(group.id, json!({}))
            .await
            .code(),
        "missing_permission"
    );
    assert_eq!(
        app.client(&cat).invite_links(group.id).await.code(),
        "missing_permission"
    );
    // Only its maker or `manage_group` revokes a link.
    let cats_try = app.client(&cat).revoke_invite_link(group.id, bobs.id).await;
    assert_eq!(cats_try.code(), "missing_permission");
    assert_eq!(
        app.client(&owner)
            .revoke_invite_link(group.id, bobs.id)
            .await
            .status,
        204
    );
    let stranger = app.signup(&TestApp::username("eve")).await;
    assert_eq!(
        app.client(&stranger).invite_links(group.id).await.status,
        404
    );
}
