//! Group stories through the REST API: info, joining, invitations, moderation,
//! roles, and the system messages each action leaves in history.

use confab_testkit::{TestApp, TestUser, error_code};
use reqwest::Method;
use serde_json::{Value, json};

async fn people(app: &TestApp, names: &[&str]) -> Vec<TestUser> {
    let mut users = Vec::new();
    for name in names {
        users.push(app.signup(&TestApp::username(name)).await);
    }
    users
}

fn system_types(history: &[Value]) -> Vec<String> {
    history
        .iter()
        .filter_map(|m| m["system"]["type"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn handles_are_unique_regardless_of_case_and_public_groups_need_one() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let handle = format!("Rust{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let first = app
        .post(
            "/api/v1/groups",
            Some(&ann.access_token),
            json!({"name": "Rust", "kind": "public", "handle": handle}),
        )
        .await;
    assert_eq!(first.status(), 201);
    let group: Value = first.json().await.unwrap();
    assert_eq!(group["handle"], handle.as_str());
    assert_eq!(group["member_count"], 1);
    assert_eq!(group["me"]["owner"], true);
    assert!(group["conversation_id"].is_string());

    let clash = app
        .post(
            "/api/v1/groups",
            Some(&bob.access_token),
            json!({"name": "Other", "kind": "public", "handle": handle.to_uppercase()}),
        )
        .await;
    assert_eq!(clash.status(), 409);
    assert_eq!(error_code(clash).await, "handle_taken");

    let no_handle = app
        .post(
            "/api/v1/groups",
            Some(&bob.access_token),
            json!({"name": "Other", "kind": "public"}),
        )
        .await;
    assert_eq!(no_handle.status(), 400);
    assert_eq!(error_code(no_handle).await, "handle_required");

    // Private → public needs a handle; with one it works; a taken one is 409.
    let private = app.create_group(&bob, "private").await;
    let to_public = app
        .group_action(
            &bob,
            Method::PATCH,
            &private,
            "",
            Some(json!({"kind": "public"})),
        )
        .await;
    assert_eq!(to_public.status(), 400);
    assert_eq!(error_code(to_public).await, "handle_required");
    let taken = app
        .group_action(
            &bob,
            Method::PATCH,
            &private,
            "",
            Some(json!({"kind": "public", "handle": handle.to_lowercase()})),
        )
        .await;
    assert_eq!(taken.status(), 409);
    let fresh = format!("h{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let done = app
        .group_action(
            &bob,
            Method::PATCH,
            &private,
            "",
            Some(json!({"kind": "public", "handle": fresh})),
        )
        .await;
    assert_eq!(done.status(), 200);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["kind"], "public");

    // Back to private: the handle goes, and is free again.
    let back = app
        .group_action(
            &bob,
            Method::PATCH,
            &private,
            "",
            Some(json!({"kind": "private"})),
        )
        .await;
    let back: Value = back.json().await.unwrap();
    assert_eq!(back["handle"], Value::Null);
    let history = app.group_history(&bob, &private).await;
    assert_eq!(
        system_types(&history),
        ["group_created", "group_updated", "group_updated"]
    );
}

#[tokio::test]
async fn public_groups_are_found_and_joined_private_ones_are_invisible() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let public = app.create_group(&ann, "public").await;
    let private = app.create_group(&ann, "private").await;
    let handle = public.json["handle"].as_str().unwrap();

    let found = app
        .get_json(
            &format!("/api/v1/groups/search?q={}", &handle[..6].to_uppercase()),
            &bob,
        )
        .await;
    let ids: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&public.id.to_string().as_str()));
    assert!(!ids.contains(&private.id.to_string().as_str()));
    assert_eq!(found["items"][0]["joined"], false);

    let peek = app
        .get_json(&format!("/api/v1/groups/{}", public.id), &bob)
        .await;
    assert_eq!(
        peek["me"],
        Value::Null,
        "outside, you see the info but no membership"
    );
    let hidden = app
        .get(
            &format!("/api/v1/groups/{}", private.id),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(hidden.status(), 404);
    let join_private = app
        .group_action(&bob, Method::POST, &private, "/join", None)
        .await;
    assert_eq!(join_private.status(), 404);

    app.join_group(&bob, &public).await;
    app.join_group(&bob, &public).await; // joining twice changes nothing
    let details = app
        .get_json(&format!("/api/v1/groups/{}", public.id), &bob)
        .await;
    assert_eq!(details["member_count"], 2);
    assert_eq!(details["me"]["role_id"], public.json["default_role_id"]);
    let conversations = app.get_json("/api/v1/conversations", &bob).await;
    let listed = &conversations["items"][0];
    assert_eq!(listed["group"]["id"], public.id.to_string());
    assert_eq!(listed["last_message"]["system"]["type"], "member_joined");

    // Members talk like in a DM.
    let said = app.say(&bob, public.conversation_id, "hello group").await;
    // "Seen by": ann reads it, and the read markers say so.
    let read = app
        .post(
            &format!("/api/v1/conversations/{}/read", public.conversation_id),
            Some(&ann.access_token),
            json!({"message_id": said["id"]}),
        )
        .await;
    assert!(read.status().is_success());
    let reads = app
        .get_json(
            &format!("/api/v1/conversations/{}/reads", public.conversation_id),
            &bob,
        )
        .await;
    let ann_marker = reads["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_id"] == ann.id.to_string())
        .unwrap();
    assert_eq!(ann_marker["last_read_message_id"], said["id"]);
    let members = app
        .get_json(&format!("/api/v1/groups/{}/members", public.id), &ann)
        .await;
    assert_eq!(members["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_kicked_member_can_rejoin_a_banned_one_cannot_until_unbanned() {
    let app = TestApp::spawn().await;
    let [ann, bob, cat] =
        <[TestUser; 3]>::try_from(people(&app, &["ann", "bob", "cat"]).await).unwrap();
    app.befriend(&ann, &cat).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;

    let kicked = app
        .group_action(
            &ann,
            Method::DELETE,
            &group,
            &format!("/members/{}", bob.id),
            None,
        )
        .await;
    assert_eq!(kicked.status(), 204);
    let gone = app
        .send_message(&bob, group.conversation_id, json!({"body": "still here?"}))
        .await;
    assert_eq!(gone.status(), 404);
    app.join_group(&bob, &group).await;

    let banned = app
        .group_action(
            &ann,
            Method::PUT,
            &group,
            &format!("/bans/{}", bob.id),
            None,
        )
        .await;
    assert_eq!(banned.status(), 204);
    let rejoin = app
        .group_action(&bob, Method::POST, &group, "/join", None)
        .await;
    assert_eq!(rejoin.status(), 403);
    assert_eq!(error_code(rejoin).await, "banned");
    let history = app
        .get(
            &format!("/api/v1/conversations/{}/messages", group.conversation_id),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(
        history.status(),
        404,
        "a banned user no longer reads the group"
    );

    // A pre-emptive ban of a non-member blocks invitations too.
    let ban_cat = app
        .group_action(
            &ann,
            Method::PUT,
            &group,
            &format!("/bans/{}", cat.id),
            None,
        )
        .await;
    assert_eq!(ban_cat.status(), 204);
    let invite = app
        .group_action(
            &ann,
            Method::POST,
            &group,
            "/invites",
            Some(json!({"user_id": cat.id})),
        )
        .await;
    assert_eq!(invite.status(), 403);
    assert_eq!(error_code(invite).await, "banned");

    let bans = app
        .get_json(&format!("/api/v1/groups/{}/bans", group.id), &ann)
        .await;
    assert_eq!(bans["items"].as_array().unwrap().len(), 2);
    let unban = app
        .group_action(
            &ann,
            Method::DELETE,
            &group,
            &format!("/bans/{}", bob.id),
            None,
        )
        .await;
    assert_eq!(unban.status(), 204);
    app.join_group(&bob, &group).await;

    let history = app.group_history(&ann, &group).await;
    assert_eq!(
        system_types(&history),
        [
            "group_created",
            "member_joined",
            "member_kicked",
            "member_joined",
            "member_banned",
            "member_banned",
            "member_unbanned",
            "member_joined"
        ]
    );
}

#[tokio::test]
async fn invitations_go_to_friends_and_are_accepted_or_declined() {
    let app = TestApp::spawn().await;
    let [ann, bob, cat, dan] =
        <[TestUser; 4]>::try_from(people(&app, &["ann", "bob", "cat", "dan"]).await).unwrap();
    app.befriend(&ann, &bob).await;
    app.befriend(&ann, &cat).await;
    let group = app.create_group(&ann, "private").await;

    let stranger = app
        .group_action(
            &ann,
            Method::POST,
            &group,
            "/invites",
            Some(json!({"user_id": dan.id})),
        )
        .await;
    assert_eq!(stranger.status(), 403);
    assert_eq!(error_code(stranger).await, "not_friends");

    let invite = app
        .group_action(
            &ann,
            Method::POST,
            &group,
            "/invites",
            Some(json!({"user_id": bob.id})),
        )
        .await;
    assert_eq!(invite.status(), 201);
    let invite: Value = invite.json().await.unwrap();
    let again = app
        .group_action(
            &ann,
            Method::POST,
            &group,
            "/invites",
            Some(json!({"user_id": bob.id})),
        )
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(error_code(again).await, "invite_exists");

    let mine = app.get_json("/api/v1/invites", &bob).await;
    assert_eq!(mine["items"][0]["id"], invite["id"]);
    assert_eq!(mine["items"][0]["group"]["id"], group.id.to_string());
    let notifications = app.get_json("/api/v1/notifications", &bob).await;
    assert_eq!(notifications["items"][0]["kind"], "group_invite.received");
    let pending = app
        .get_json(&format!("/api/v1/groups/{}/invites", group.id), &ann)
        .await;
    assert_eq!(pending["items"].as_array().unwrap().len(), 1);

    // Bob sees the private group once he accepts; the invite is spent.
    let id = invite["id"].as_str().unwrap();
    let accepted = app
        .post(
            &format!("/api/v1/invites/{id}/accept"),
            Some(&bob.access_token),
            json!({}),
        )
        .await;
    assert_eq!(accepted.status(), 200);
    let again = app
        .post(
            &format!("/api/v1/invites/{id}/accept"),
            Some(&bob.access_token),
            json!({}),
        )
        .await;
    assert_eq!(again.status(), 404);
    let member = app
        .group_action(
            &ann,
            Method::POST,
            &group,
            "/invites",
            Some(json!({"user_id": bob.id})),
        )
        .await;
    assert_eq!(error_code(member).await, "already_member");

    let for_cat = app
        .group_action(
            &ann,
            Method::POST,
            &group,
            "/invites",
            Some(json!({"user_id": cat.id})),
        )
        .await;
    let for_cat: Value = for_cat.json().await.unwrap();
    let declined = app
        .post(
            &format!(
                "/api/v1/invites/{}/decline",
                for_cat["id"].as_str().unwrap()
            ),
            Some(&cat.access_token),
            json!({}),
        )
        .await;
    assert_eq!(declined.status(), 204);
    let hidden = app
        .get(
            &format!("/api/v1/groups/{}", group.id),
            Some(&cat.access_token),
        )
        .await;
    assert_eq!(hidden.status(), 404);

    let history = app.group_history(&ann, &group).await;
    let joined = history
        .iter()
        .find(|m| m["system"]["type"] == "member_joined")
        .unwrap();
    assert_eq!(joined["system"]["invited_by"], ann.id.to_string());
}

#[tokio::test]
async fn a_member_without_send_messages_gets_403_and_moderators_delete_below_them() {
    let app = TestApp::spawn().await;
    let [ann, bob, cat] =
        <[TestUser; 3]>::try_from(people(&app, &["ann", "bob", "cat"]).await).unwrap();
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    app.join_group(&cat, &group).await;
    let muted = app.create_role(&ann, &group, "muted", -1, &[]).await;
    assert_eq!(
        app.assign_role(&ann, &group, &bob, muted).await.status(),
        200
    );

    let refused = app
        .send_message(&bob, group.conversation_id, json!({"body": "let me talk"}))
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(error_code(refused).await, "missing_permission");

    // Taking the role away restores the default role and with it the right to send.
    let reset = app
        .group_action(
            &ann,
            Method::DELETE,
            &group,
            &format!("/members/{}/role", bob.id),
            None,
        )
        .await;
    assert_eq!(reset.status(), 200);
    let bob_says = app.say(&bob, group.conversation_id, "thanks").await;

    // A moderator deletes a member's message but not the owner's.
    let moderator = app
        .create_role(
            &ann,
            &group,
            "mod",
            10,
            &["delete_messages", "send_messages"],
        )
        .await;
    assert_eq!(
        app.assign_role(&ann, &group, &cat, moderator)
            .await
            .status(),
        200
    );
    let path = |m: &Value| {
        format!(
            "/api/v1/conversations/{}/messages/{}",
            group.conversation_id,
            m["id"].as_str().unwrap()
        )
    };
    let deleted = app
        .request(
            Method::DELETE,
            &path(&bob_says),
            Some(&cat.access_token),
            None,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    let ann_says = app.say(&ann, group.conversation_id, "owner speaking").await;
    let refused = app
        .request(
            Method::DELETE,
            &path(&ann_says),
            Some(&cat.access_token),
            None,
        )
        .await;
    assert_eq!(refused.status(), 403);
    // Nobody edits someone else's message.
    let edit = app
        .request(
            Method::PATCH,
            &path(&ann_says),
            Some(&cat.access_token),
            Some(json!({"body": "x"})),
        )
        .await;
    assert_eq!(edit.status(), 403);
}

#[tokio::test]
async fn a_role_is_edited_reordered_and_deleted_and_its_holders_fall_back_to_the_default() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;

    let role = app
        .create_role(&ann, &group, "helper", 5, &["send_messages"])
        .await;
    let edited = app
        .group_action(
            &ann,
            Method::PATCH,
            &group,
            &format!("/roles/{role}"),
            Some(json!({"name": "helpers", "colour": "#FF0000"})),
        )
        .await;
    let edited: Value = edited.json().await.unwrap();
    assert_eq!(edited["name"], "helpers");
    assert_eq!(edited["colour"], "#ff0000");
    assert_eq!(
        app.assign_role(&ann, &group, &bob, role).await.status(),
        200
    );
    let reorder = app
        .group_action(
            &ann,
            Method::PUT,
            &group,
            "/roles/priorities",
            Some(json!({"items": [{"role_id": role, "priority": 7}]})),
        )
        .await;
    assert_eq!(reorder.status(), 200);
    let details = app
        .get_json(&format!("/api/v1/groups/{}", group.id), &bob)
        .await;
    let priority_of = |details: &Value| {
        details["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == role.to_string())
            .map(|r| r["priority"].clone())
    };
    assert_eq!(
        priority_of(&details),
        Some(json!(7)),
        "read back: {details}"
    );

    let default_role = group.default_role_id;
    let undeletable = app
        .group_action(
            &ann,
            Method::DELETE,
            &group,
            &format!("/roles/{default_role}"),
            None,
        )
        .await;
    assert_eq!(error_code(undeletable).await, "default_role");
    let deleted = app
        .group_action(
            &ann,
            Method::DELETE,
            &group,
            &format!("/roles/{role}"),
            None,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    let details = app
        .get_json(&format!("/api/v1/groups/{}", group.id), &bob)
        .await;
    assert_eq!(priority_of(&details), None, "the role is gone");
    let members = app
        .get_json(&format!("/api/v1/groups/{}/members", group.id), &ann)
        .await;
    assert!(
        members["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["role_id"] == default_role.to_string())
    );
    let history = app.group_history(&bob, &group).await;
    assert_eq!(
        system_types(&history),
        [
            "group_created",
            "member_joined",
            "role_created",
            "role_updated",
            "role_assigned",
            "roles_reordered",
            "role_deleted",
        ]
    );
}

#[tokio::test]
async fn the_owner_hands_the_group_over_and_may_then_leave() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;

    let owner_leaves = app
        .group_action(&ann, Method::POST, &group, "/leave", None)
        .await;
    assert_eq!(owner_leaves.status(), 409);
    assert_eq!(error_code(owner_leaves).await, "owner_cannot_leave");
    let transfer = app
        .group_action(
            &ann,
            Method::PUT,
            &group,
            "/owner",
            Some(json!({"user_id": bob.id})),
        )
        .await;
    assert_eq!(transfer.status(), 200);
    let details = app
        .get_json(&format!("/api/v1/groups/{}", group.id), &bob)
        .await;
    assert_eq!(
        details["owner_id"],
        bob.id.to_string(),
        "read back: {details}"
    );
    let kick_new_owner = app
        .group_action(
            &ann,
            Method::DELETE,
            &group,
            &format!("/members/{}", bob.id),
            None,
        )
        .await;
    assert_eq!(kick_new_owner.status(), 403);
    assert_eq!(
        app.group_action(&ann, Method::POST, &group, "/leave", None)
            .await
            .status(),
        204
    );
    let history = app.group_history(&bob, &group).await;
    assert_eq!(
        system_types(&history),
        [
            "group_created",
            "member_joined",
            "ownership_transferred",
            "member_left"
        ]
    );
}

#[tokio::test]
async fn only_the_owner_deletes_a_group_and_then_it_is_gone_for_everyone() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;

    let not_owner = app
        .group_action(&bob, Method::DELETE, &group, "", None)
        .await;
    assert_eq!(not_owner.status(), 403);
    assert_eq!(error_code(not_owner).await, "owner_only");
    assert_eq!(
        app.get_json(&format!("/api/v1/groups/{}", group.id), &bob)
            .await["id"],
        group.id.to_string(),
        "still there after a member tried"
    );
    assert_eq!(
        app.group_action(&ann, Method::DELETE, &group, "", None)
            .await
            .status(),
        204
    );
    for who in [&ann, &bob] {
        let gone = app
            .get(
                &format!("/api/v1/groups/{}", group.id),
                Some(&who.access_token),
            )
            .await;
        assert_eq!(gone.status(), 404);
    }
}
