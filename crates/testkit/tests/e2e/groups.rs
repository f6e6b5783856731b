//! Group stories through the REST API: info, joining, invitations, moderation,
//! roles, and the system messages each action leaves in history.

use confab_domain::groups::GroupDetails;
use confab_domain::messages::Message;
use confab_testkit::{TestApp, TestGroup, TestUser};
use serde_json::json;
use uuid::Uuid;

async fn people(app: &TestApp, names: &[&str]) -> Vec<TestUser> {
    let mut users = Vec::new();
    for name in names {
        users.push(app.signup(&TestApp::username(name)).await);
    }
    users
}

/// What a system message says happened (`system.type`).
fn system_type(message: &Message) -> Option<&str> {
    message.system.as_ref()?.get("type")?.as_str()
}

/// The kinds of the group's system messages, oldest first.
async fn system_types(app: &TestApp, user: &TestUser, group: &TestGroup) -> Vec<String> {
    app.group_history(user, group)
        .await
        .iter()
        .filter_map(|m| system_type(m).map(str::to_owned))
        .collect()
}

/// A fresh, valid handle.
fn handle(prefix: &str) -> String {
    format!("{prefix}{}", &Uuid::new_v4().simple().to_string()[..8])
}

/// The priority of a role as the group's details list it.
fn priority_of(details: &GroupDetails, role: Uuid) -> Option<i32> {
    details
        .roles
        .iter()
        .find(|r| r.id == role)
        .map(|r| r.priority)
}

#[tokio::test]
async fn a_public_group_needs_a_handle_unique_regardless_of_case() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let handle = handle("Rust");
    let first = app
        .client(&ann)
        .create_group(json!({"name": "Rust", "kind": "public", "handle": handle}))
        .await;
    assert_eq!(first.status, 201);
    let group = first.ok();
    assert_eq!(group.group.handle.as_deref(), Some(handle.as_str()));
    assert_eq!(group.group.member_count, 1);
    assert!(group.me.as_ref().expect("a member").owner);
    let conversation = app
        .client(&ann)
        .conversation(group.group.conversation_id)
        .await
        .ok();
    assert_eq!(conversation.kind, "group");

    let bob_speaks = app.client(&bob);
    let clash = bob_speaks
        .create_group(json!({"name": "Other", "kind": "public", "handle": handle.to_uppercase()}))
        .await;
    assert_eq!(clash.status, 409);
    assert_eq!(clash.code(), "handle_taken");

    let no_handle = bob_speaks
        .create_group(json!({"name": "Other", "kind": "public"}))
        .await;
    assert_eq!(no_handle.status, 409);
    assert_eq!(no_handle.code(), "handle_required");
    let bobs = bob_speaks.conversations().await.ok();
    assert!(bobs.items.is_empty(), "neither refusal made a group");
}

#[tokio::test]
async fn a_private_group_goes_public_with_a_free_handle_and_back() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let taken = app.create_group(&ann, "public").await;
    let taken_handle = taken.details.group.handle.clone().unwrap();
    let private = app.create_group(&bob, "private").await;
    let bob_speaks = app.client(&bob);

    // Private → public needs a handle; with one it works; a taken one is 409.
    let to_public = bob_speaks
        .update_group(private.id, json!({"kind": "public"}))
        .await;
    assert_eq!(to_public.status, 409);
    assert_eq!(to_public.code(), "handle_required");
    let clash = bob_speaks
        .update_group(
            private.id,
            json!({"kind": "public", "handle": taken_handle.to_uppercase()}),
        )
        .await;
    assert_eq!(clash.status, 409);
    assert_eq!(clash.code(), "handle_taken");
    let fresh = handle("h");
    let done = bob_speaks
        .update_group(private.id, json!({"kind": "public", "handle": fresh}))
        .await;
    assert_eq!(done.status, 200);
    let done = done.ok();
    assert_eq!(done.group.kind, "public");
    assert_eq!(done.group.handle.as_deref(), Some(fresh.as_str()));

    // Back to private: the handle goes, and is free again.
    let back = bob_speaks
        .update_group(private.id, json!({"kind": "private"}))
        .await
        .ok();
    assert_eq!(back.group.handle, None);
    let reused = app
        .client(&ann)
        .create_group(json!({"name": "Reuse", "kind": "public", "handle": fresh}))
        .await;
    assert_eq!(reused.status, 201, "the handle is free again");
    assert_eq!(
        system_types(&app, &bob, &private).await,
        ["group_created", "group_updated", "group_updated"]
    );
}

#[tokio::test]
async fn public_groups_are_found_and_joined_private_ones_are_invisible() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let public = app.create_group(&ann, "public").await;
    let private = app.create_group(&ann, "private").await;
    let handle = public.details.group.handle.clone().unwrap();
    let bob_speaks = app.client(&bob);

    let found = bob_speaks
        .search_groups(&[("q", handle[..6].to_uppercase())])
        .await
        .ok();
    let ids: Vec<Uuid> = found.items.iter().map(|g| g.group.id).collect();
    assert!(ids.contains(&public.id));
    assert!(!ids.contains(&private.id));
    assert!(!found.items[0].joined);

    let peek = bob_speaks.group(public.id).await.ok();
    assert!(
        peek.me.is_none(),
        "outside, you see the info but no membership"
    );
    let hidden = bob_speaks.group(private.id).await;
    assert_eq!(hidden.status, 404);
    assert_eq!(hidden.code(), "not_found");
    let join_private = bob_speaks.join_group(private.id).await;
    assert_eq!(join_private.status, 404);
    assert_eq!(join_private.code(), "not_found");

    app.join_group(&bob, &public).await;
    app.join_group(&bob, &public).await; // joining twice changes nothing
    let details = bob_speaks.group(public.id).await.ok();
    assert_eq!(details.group.member_count, 2);
    assert_eq!(
        details.me.expect("a member now").role_id,
        public.default_role_id
    );
    let conversations = bob_speaks.conversations().await.ok();
    let listed = &conversations.items[0];
    assert_eq!(listed.group.as_ref().map(|g| g.id), Some(public.id));
    let last = listed.last_message.as_ref().expect("a last message");
    assert_eq!(system_type(last), Some("member_joined"));
    let members = app.client(&ann).members(public.id, &[]).await.ok();
    assert_eq!(members.items.len(), 2);
}

#[tokio::test]
async fn members_talk_and_see_who_read_what() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let public = app.create_group(&ann, "public").await;
    app.join_group(&bob, &public).await;

    // Members talk like in a DM.
    let said = app
        .client(&bob)
        .say(public.conversation_id, "hello group")
        .await
        .ok();
    // "Seen by": ann reads it, and the read markers say so.
    let read = app
        .client(&ann)
        .mark_read(public.conversation_id, said.id)
        .await;
    assert!(read.status.is_success());
    let reads = app
        .client(&bob)
        .read_markers(public.conversation_id)
        .await
        .ok();
    let ann_marker = reads
        .items
        .iter()
        .find(|r| r.user_id == ann.id)
        .expect("ann's marker");
    assert_eq!(ann_marker.last_read_message_id, Some(said.id));
}

#[tokio::test]
async fn a_kicked_member_can_rejoin_a_banned_one_cannot_until_unbanned() {
    let app = TestApp::spawn().await;
    let [ann, bob, cat] =
        <[TestUser; 3]>::try_from(people(&app, &["ann", "bob", "cat"]).await).unwrap();
    app.befriend(&ann, &cat).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));

    let kicked = ann_speaks.kick(group.id, bob.id).await;
    assert_eq!(kicked.status, 204);
    let gone = bob_speaks.say(group.conversation_id, "still here?").await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.code(), "not_found");
    app.join_group(&bob, &group).await;

    let banned = ann_speaks.ban(group.id, bob.id).await;
    assert_eq!(banned.status, 204);
    let rejoin = bob_speaks.join_group(group.id).await;
    assert_eq!(rejoin.status, 403);
    assert_eq!(rejoin.code(), "banned");
    let history = bob_speaks.history(group.conversation_id).await;
    assert_eq!(
        history.status, 404,
        "a banned user no longer reads the group"
    );
    assert_eq!(history.code(), "not_found");

    // A pre-emptive ban of a non-member blocks invitations too.
    let ban_cat = ann_speaks.ban(group.id, cat.id).await;
    assert_eq!(ban_cat.status, 204);
    let invite = ann_speaks.invite(group.id, cat.id).await;
    assert_eq!(invite.status, 403);
    assert_eq!(invite.code(), "banned");

    let bans = ann_speaks.bans(group.id).await.ok();
    assert_eq!(bans.items.len(), 2);
    let unban = ann_speaks.unban(group.id, bob.id).await;
    assert_eq!(unban.status, 204);
    let bans = ann_speaks.bans(group.id).await.ok();
    assert_eq!(
        bans.items.iter().map(|b| b.user.id).collect::<Vec<_>>(),
        [cat.id]
    );
    app.join_group(&bob, &group).await;

    assert_eq!(
        system_types(&app, &ann, &group).await,
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
    let (ann_speaks, bob_speaks, cat_speaks) =
        (app.client(&ann), app.client(&bob), app.client(&cat));

    let stranger = ann_speaks.invite(group.id, dan.id).await;
    assert_eq!(stranger.status, 403);
    assert_eq!(stranger.code(), "not_friends");

    let invite = ann_speaks.invite(group.id, bob.id).await;
    assert_eq!(invite.status, 201);
    let invite = invite.ok();
    let again = ann_speaks.invite(group.id, bob.id).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.code(), "invite_exists");

    let mine = bob_speaks.my_invites().await.ok();
    assert_eq!(mine.items[0].id, invite.id);
    assert_eq!(mine.items[0].group.id, group.id);
    let notifications = bob_speaks.notifications(&[]).await.ok();
    assert_eq!(notifications.items[0].kind, "group_invite.received");
    let pending = ann_speaks.group_invites(group.id).await.ok();
    assert_eq!(pending.items.len(), 1);

    // Bob sees the private group once he accepts; the invite is spent.
    let accepted = bob_speaks.accept_invite(invite.id).await;
    assert_eq!(accepted.status, 200);
    assert_eq!(accepted.ok().group.id, group.id);
    let again = bob_speaks.accept_invite(invite.id).await;
    assert_eq!(again.status, 404);
    assert_eq!(again.code(), "not_found");
    let member = ann_speaks.invite(group.id, bob.id).await;
    assert_eq!(member.status, 409);
    assert_eq!(member.code(), "already_member");
    assert!(bob_speaks.group(group.id).await.ok().me.is_some());

    let for_cat = ann_speaks.invite(group.id, cat.id).await.ok();
    let declined = cat_speaks.decline_invite(for_cat.id).await;
    assert_eq!(declined.status, 204);
    let hidden = cat_speaks.group(group.id).await;
    assert_eq!(hidden.status, 404);
    assert_eq!(hidden.code(), "not_found");
    assert!(cat_speaks.my_invites().await.ok().items.is_empty());

    let history = app.group_history(&ann, &group).await;
    let joined = history
        .iter()
        .find(|m| system_type(m) == Some("member_joined"))
        .unwrap();
    let note = joined.system.as_ref().unwrap();
    assert_eq!(note["invited_by"], ann.id.to_string());
}

#[tokio::test]
async fn a_member_without_send_messages_gets_403_until_the_role_is_taken_away() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));
    let muted = app.create_role(&ann, &group, "muted", -1, &[]).await;
    let assigned = ann_speaks.set_role(group.id, bob.id, muted).await;
    assert_eq!(assigned.status, 200);
    assert_eq!(assigned.ok().role_id, muted);

    let refused = bob_speaks.say(group.conversation_id, "let me talk").await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "missing_permission");

    // Taking the role away restores the default role and with it the right to send.
    let reset = ann_speaks.reset_role(group.id, bob.id).await;
    assert_eq!(reset.status, 200);
    assert_eq!(reset.ok().role_id, group.default_role_id);
    bob_speaks.say(group.conversation_id, "thanks").await.ok();
    let bodies: Vec<_> = app
        .group_history(&ann, &group)
        .await
        .into_iter()
        .filter_map(|m| m.body)
        .collect();
    assert_eq!(bodies, ["thanks"]);
}

#[tokio::test]
async fn moderators_delete_messages_of_those_below_them_and_nobody_edits_anothers() {
    let app = TestApp::spawn().await;
    let [ann, bob, cat] =
        <[TestUser; 3]>::try_from(people(&app, &["ann", "bob", "cat"]).await).unwrap();
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    app.join_group(&cat, &group).await;
    let (ann_speaks, cat_speaks) = (app.client(&ann), app.client(&cat));
    let conversation = group.conversation_id;
    let bob_says = app.client(&bob).say(conversation, "hi").await.ok();

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
    let assigned = ann_speaks.set_role(group.id, cat.id, moderator).await;
    assert_eq!(assigned.status, 200);
    let deleted = cat_speaks.delete_message(conversation, bob_says.id).await;
    assert_eq!(deleted.status, 204);
    let ann_says = ann_speaks.say(conversation, "owner speaking").await.ok();
    let refused = cat_speaks.delete_message(conversation, ann_says.id).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "insufficient_rank");
    // Nobody edits someone else's message.
    let edit = cat_speaks
        .edit_message(conversation, ann_says.id, "x")
        .await;
    assert_eq!(edit.status, 403);
    assert_eq!(edit.code(), "not_author");

    let history = app.group_history(&ann, &group).await;
    let of = |id: Uuid| history.iter().find(|m| m.id == id).unwrap();
    assert!(of(bob_says.id).deleted_at.is_some());
    assert_eq!(of(ann_says.id).body.as_deref(), Some("owner speaking"));
}

#[tokio::test]
async fn a_role_is_edited_reordered_and_deleted_and_its_holders_fall_back_to_the_default() {
    let app = TestApp::spawn().await;
    let [ann, bob] = <[TestUser; 2]>::try_from(people(&app, &["ann", "bob"]).await).unwrap();
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));

    let role = app
        .create_role(&ann, &group, "helper", 5, &["send_messages"])
        .await;
    let edited = ann_speaks
        .update_role(
            group.id,
            role,
            json!({"name": "helpers", "colour": "#FF0000"}),
        )
        .await
        .ok();
    assert_eq!(edited.name, "helpers");
    assert_eq!(edited.colour.as_deref(), Some("#ff0000"));
    let assigned = ann_speaks.set_role(group.id, bob.id, role).await;
    assert_eq!(assigned.status, 200);
    let reorder = ann_speaks
        .reorder_roles(group.id, json!([{"role_id": role, "priority": 7}]))
        .await;
    assert_eq!(reorder.status, 200);
    let details = bob_speaks.group(group.id).await.ok();
    assert_eq!(
        priority_of(&details, role),
        Some(7),
        "read back: {details:?}"
    );

    let default_role = group.default_role_id;
    let undeletable = ann_speaks.delete_role(group.id, default_role).await;
    assert_eq!(undeletable.status, 409);
    assert_eq!(undeletable.code(), "default_role");
    let deleted = ann_speaks.delete_role(group.id, role).await;
    assert_eq!(deleted.status, 204);
    let details = bob_speaks.group(group.id).await.ok();
    assert_eq!(priority_of(&details, role), None, "the role is gone");
    assert!(priority_of(&details, default_role).is_some());
    let members = ann_speaks.members(group.id, &[]).await.ok();
    assert!(members.items.iter().all(|m| m.role_id == default_role));
    assert_eq!(
        system_types(&app, &bob, &group).await,
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
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));

    let owner_leaves = ann_speaks.leave_group(group.id).await;
    assert_eq!(owner_leaves.status, 409);
    assert_eq!(owner_leaves.code(), "owner_cannot_leave");
    // Only to a member: the group is there, the person named is not in it.
    let outsider = app.signup(&TestApp::username("carl")).await;
    let to_outsider = ann_speaks.transfer_group(group.id, outsider.id).await;
    assert_eq!(to_outsider.status, 409);
    assert_eq!(to_outsider.code(), "not_a_member");
    let transfer = ann_speaks.transfer_group(group.id, bob.id).await;
    assert_eq!(transfer.status, 200);
    let details = bob_speaks.group(group.id).await.ok();
    assert_eq!(details.group.owner_id, bob.id, "read back: {details:?}");
    let kick_new_owner = ann_speaks.kick(group.id, bob.id).await;
    assert_eq!(kick_new_owner.status, 403);
    assert_eq!(kick_new_owner.code(), "missing_permission");
    let left = ann_speaks.leave_group(group.id).await;
    assert_eq!(left.status, 204);
    let details = bob_speaks.group(group.id).await.ok();
    assert_eq!(details.group.member_count, 1);
    assert_eq!(
        system_types(&app, &bob, &group).await,
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
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));

    let not_owner = bob_speaks.delete_group(group.id).await;
    assert_eq!(not_owner.status, 403);
    assert_eq!(not_owner.code(), "owner_only");
    assert_eq!(
        bob_speaks.group(group.id).await.ok().group.id,
        group.id,
        "still there after a member tried"
    );
    assert_eq!(ann_speaks.delete_group(group.id).await.status, 204);
    for who in [&ann_speaks, &bob_speaks] {
        let gone = who.group(group.id).await;
        assert_eq!(gone.status, 404);
        assert_eq!(gone.code(), "not_found");
    }
}
