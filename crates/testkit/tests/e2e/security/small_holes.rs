//! The smaller holes: unban rank, an accept racing a block, the pin limit under
//! concurrency, mention excerpts after the message or the member is gone.

use confab_testkit::{TestApp, TestGroup, TestUser, To};
use serde_json::Value;

#[tokio::test]
async fn unbanning_needs_rank_over_whoever_banned() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("owner")).await;
    let senior = app.signup(&TestApp::username("senior")).await;
    let junior = app.signup(&TestApp::username("junior")).await;
    let troll = app.signup(&TestApp::username("troll")).await;
    let group = app.create_group(&owner, "public").await;
    for user in [&senior, &junior, &troll] {
        app.join_group(user, &group).await;
    }
    let perms = ["send_messages", "ban_members"];
    let high = app.create_role(&owner, &group, "senior", 20, &perms).await;
    let low = app.create_role(&owner, &group, "junior", 10, &perms).await;
    assert_eq!(
        app.assign_role(&owner, &group, &senior, high).await.status,
        200
    );
    assert_eq!(
        app.assign_role(&owner, &group, &junior, low).await.status,
        200
    );
    let (senior_speaks, junior_speaks) = (app.client(&senior), app.client(&junior));
    let banned = senior_speaks.ban(group.id, troll.id).await;
    assert!(banned.status.is_success());
    let bans = senior_speaks.bans(group.id).await.ok();
    assert_eq!(bans.items.len(), 1);
    assert_eq!(bans.items[0].user.id, troll.id);
    assert_eq!(bans.items[0].banned_by, Some(senior.id));

    // The troll's friend on the junior role cannot undo the senior's ban.
    let undone = junior_speaks.unban(group.id, troll.id).await;
    assert_eq!(undone.status, 403);
    // She has ban_members; what she lacks is rank over the senior.
    assert_eq!(undone.code(), "insufficient_rank");
    let still = app.client(&troll).join_group(group.id).await;
    assert_eq!(still.status, 403, "still banned");
    assert_eq!(still.code(), "banned");
    // The one who banned (or anyone above them) can.
    let undone = senior_speaks.unban(group.id, troll.id).await;
    assert_eq!(undone.status, 204);
    assert!(senior_speaks.bans(group.id).await.ok().items.is_empty());
    let back = app.client(&troll).join_group(group.id).await;
    assert_eq!(back.status, 200, "unbanned, the troll may join again");
}

#[tokio::test]
async fn an_accept_racing_a_block_never_ends_in_both() {
    let app = TestApp::spawn().await;
    let mut both = Vec::new();
    for round in 0..20 {
        let alice = app.signup(&TestApp::username("alice")).await;
        let bob = app.signup(&TestApp::username("bob")).await;
        let (alice_speaks, bob_speaks) = (app.client(&alice), app.client(&bob));
        let request = alice_speaks.send_friend_request(To::Id(bob.id)).await.ok();
        let (accepted, blocked) = tokio::join!(
            bob_speaks.accept_friend_request(request.id),
            alice_speaks.block(bob.id)
        );
        assert!(blocked.status.is_success(), "the block always stands");
        assert!(accepted.status.as_u16() < 500);
        let friends = bob_speaks.friends().await.ok();
        if friends.items.iter().any(|f| f.user.id == alice.id) {
            both.push(round);
        }
    }
    assert!(
        both.is_empty(),
        "blocked and still friends in rounds {both:?}"
    );
}

#[tokio::test]
async fn concurrent_pins_stop_at_fifty() {
    let app = TestApp::spawn().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&alice, &bob).await;
    let dm = app.open_dm(&alice, &bob).await;
    let (alice_speaks, bob_speaks) = (app.client(&alice), app.client(&bob));
    let mut ids = Vec::new();
    for n in 0..56 {
        let message = alice_speaks.say(dm, &format!("pin me {n}")).await.ok();
        ids.push(message.id);
    }
    let pins = ids.iter().enumerate().map(|(n, &id)| {
        let speaks = if n % 2 == 0 {
            &alice_speaks
        } else {
            &bob_speaks
        };
        speaks.pin(dm, id)
    });
    let answers = futures_util::future::join_all(pins).await;
    let refused: Vec<String> = answers
        .into_iter()
        .filter(|a| a.status == 400)
        .map(|a| a.code())
        .collect();
    assert_eq!(refused.len(), 6, "56 pins, 50 allowed");
    assert!(
        refused.iter().all(|code| code == "too_many_pins"),
        "{refused:?}"
    );
    let pinned = alice_speaks.pins(dm).await.ok();
    assert_eq!(pinned.items.len(), 50);
}

async fn mention_excerpts(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let mentions = app.mention_notifications(user).await;
    mentions.iter().map(|n| n.data["excerpt"].clone()).collect()
}

/// A public group of `owner`'s with `ann` in it.
async fn group_with_ann(app: &TestApp) -> (TestUser, TestUser, TestGroup) {
    let owner = app.signup(&TestApp::username("owner")).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let group = app.create_group(&owner, "public").await;
    app.join_group(&ann, &group).await;
    (owner, ann, group)
}

#[tokio::test]
async fn a_mention_of_a_deleted_message_no_longer_quotes_it() {
    let app = TestApp::spawn().await;
    let (owner, ann, group) = group_with_ann(&app).await;
    let owner_speaks = app.client(&owner);

    let secret = owner_speaks
        .say(
            group.conversation_id,
            &format!("@{} the secret is 42", ann.username),
        )
        .await
        .ok();
    assert_eq!(mention_excerpts(&app, &ann).await.len(), 1);
    let deleted = owner_speaks
        .delete_message(group.conversation_id, secret.id)
        .await;
    assert!(deleted.status.is_success());
    assert_eq!(mention_excerpts(&app, &ann).await, vec![Value::Null]);
}

#[tokio::test]
async fn a_member_removed_from_a_group_no_longer_sees_its_mentions_quoted() {
    let app = TestApp::spawn().await;
    let (owner, ann, group) = group_with_ann(&app).await;
    let owner_speaks = app.client(&owner);

    owner_speaks
        .say(
            group.conversation_id,
            &format!("@{} plans for friday", ann.username),
        )
        .await
        .ok();
    assert_eq!(mention_excerpts(&app, &ann).await.len(), 1);
    let kicked = owner_speaks.kick(group.id, ann.id).await;
    assert!(kicked.status.is_success());
    let excerpts = mention_excerpts(&app, &ann).await;
    assert!(
        excerpts.iter().all(Value::is_null),
        "nothing quoted from a group she was removed from: {excerpts:?}"
    );
}
