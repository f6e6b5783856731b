//! The smaller holes: unban rank, an accept racing a block, the pin limit under
//! concurrency, mention excerpts after the message or the member is gone.

use confab_testkit::{TestApp, TestUser, error_code};
use reqwest::Method;
use serde_json::{Value, json};

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
    let ban = format!("/bans/{}", troll.id);
    let banned = app
        .group_action(&senior, Method::PUT, &group, &ban, None)
        .await;
    assert!(banned.status().is_success());

    // The troll's friend on the junior role cannot undo the senior's ban.
    let undone = app
        .group_action(&junior, Method::DELETE, &group, &ban, None)
        .await;
    assert_eq!(undone.status(), 403);
    let code = error_code(undone).await;
    assert!(
        code == "insufficient_rank" || code == "missing_permission",
        "{code}"
    );
    let still = app
        .group_action(&troll, Method::POST, &group, "/join", None)
        .await;
    assert_eq!(still.status(), 403, "still banned");
    // The one who banned (or anyone above them) can.
    let undone = app
        .group_action(&senior, Method::DELETE, &group, &ban, None)
        .await;
    assert_eq!(undone.status(), 204);
}

#[tokio::test]
async fn an_accept_racing_a_block_never_ends_in_both() {
    let app = TestApp::spawn().await;
    let mut both = Vec::new();
    for round in 0..20 {
        let alice = app.signup(&TestApp::username("alice")).await;
        let bob = app.signup(&TestApp::username("bob")).await;
        let request = app
            .post(
                "/api/v1/friends/requests",
                Some(&alice.access_token),
                json!({"user_id": bob.id}),
            )
            .await;
        let request: Value = request.json().await.unwrap();
        let id = request["id"].as_str().unwrap().to_owned();
        let accept_path = format!("/api/v1/friends/requests/{id}/accept");
        let accept = app.post(&accept_path, Some(&bob.access_token), json!({}));
        let block_path = format!("/api/v1/blocks/{}", bob.id);
        let block = app.request(Method::PUT, &block_path, Some(&alice.access_token), None);
        let (accepted, blocked) = tokio::join!(accept, block);
        assert!(blocked.status().is_success(), "the block always stands");
        assert!(accepted.status().as_u16() < 500);
        let friends = app.get_json("/api/v1/friends", &bob).await;
        if friends.to_string().contains(&alice.id.to_string()) {
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
    let mut ids = Vec::new();
    for n in 0..56 {
        let message = app.say(&alice, dm, &format!("pin me {n}")).await;
        ids.push(message["id"].as_str().unwrap().to_owned());
    }
    let paths: Vec<String> = ids
        .iter()
        .map(|id| format!("/api/v1/conversations/{dm}/pins/{id}"))
        .collect();
    let pins = paths.iter().enumerate().map(|(n, path)| {
        let user: &TestUser = if n % 2 == 0 { &alice } else { &bob };
        app.request(Method::PUT, path, Some(&user.access_token), None)
    });
    let answers = futures_util::future::join_all(pins).await;
    let refused = answers.iter().filter(|r| r.status() == 400).count();
    assert_eq!(refused, 6, "56 pins, 50 allowed");
    let pinned = app
        .get_json(&format!("/api/v1/conversations/{dm}/pins"), &alice)
        .await;
    assert_eq!(pinned["items"].as_array().unwrap().len(), 50);
}

async fn mention_excerpts(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let mentions = app.mention_notifications(user).await;
    mentions.iter().map(|n| n.data["excerpt"].clone()).collect()
}

#[tokio::test]
async fn a_mention_notification_forgets_a_deleted_message_and_a_left_group() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("owner")).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let group = app.create_group(&owner, "public").await;
    app.join_group(&ann, &group).await;

    let secret = app
        .say(
            &owner,
            group.conversation_id,
            &format!("@{} the secret is 42", ann.username),
        )
        .await;
    assert_eq!(mention_excerpts(&app, &ann).await.len(), 1);
    let deleted = app
        .request(
            Method::DELETE,
            &format!(
                "/api/v1/conversations/{}/messages/{}",
                group.conversation_id,
                secret["id"].as_str().unwrap()
            ),
            Some(&owner.access_token),
            None,
        )
        .await;
    assert!(deleted.status().is_success());
    assert_eq!(mention_excerpts(&app, &ann).await, vec![Value::Null]);

    app.say(
        &owner,
        group.conversation_id,
        &format!("@{} plans for friday", ann.username),
    )
    .await;
    let kicked = app
        .group_action(
            &owner,
            Method::DELETE,
            &group,
            &format!("/members/{}", ann.id),
            None,
        )
        .await;
    assert!(kicked.status().is_success());
    let excerpts = mention_excerpts(&app, &ann).await;
    assert!(
        excerpts.iter().all(Value::is_null),
        "nothing quoted from a group she was removed from: {excerpts:?}"
    );
}
