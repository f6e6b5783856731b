//! Mentions: `@username` notifies members of the conversation and counts in
//! their unread state; `@everyone` needs `mention_everyone` in groups.

use confab_testkit::{TestApp, TestUser, error_code};
use serde_json::json;
use uuid::Uuid;

async fn counts(app: &TestApp, user: &TestUser, conversation: Uuid) -> (i64, i64) {
    let c = app
        .get_json(&format!("/api/v1/conversations/{conversation}"), user)
        .await;
    (
        c["unread_count"].as_i64().unwrap(),
        c["mention_count"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn a_named_member_is_notified_and_counted_until_they_read() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;

    let body = format!(
        "hey @{}, ask @{} (not here), write to x@{}.com, signed @{}",
        bob.username.to_uppercase(),
        eve.username,
        bob.username,
        ann.username
    );
    let message = app.say(&ann, dm, &body).await;
    app.say(&ann, dm, "a second message, no mention").await;

    let bobs = app.mention_notifications(&bob).await;
    assert_eq!(bobs.len(), 1, "one mention for bob: {bobs:?}");
    assert_eq!(bobs[0]["actor"]["id"], ann.id.to_string());
    assert_eq!(bobs[0]["data"]["conversation_id"], dm.to_string());
    assert_eq!(bobs[0]["data"]["message_id"], message["id"]);
    assert!(
        bobs[0]["data"]["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("hey @")
    );
    assert!(
        app.mention_notifications(&eve).await.is_empty(),
        "not a member"
    );
    assert!(
        app.mention_notifications(&ann).await.is_empty(),
        "not oneself"
    );
    assert_eq!(counts(&app, &bob, dm).await, (2, 1));
    assert_eq!(counts(&app, &ann, dm).await, (0, 0));

    // It arrived live as a notification event.
    app.wait_for_event("notification.created", |e| {
        e.recipients == [bob.id] && e.data["kind"] == "message.mention"
    })
    .await;

    let read = app
        .post(
            &format!("/api/v1/conversations/{dm}/read"),
            Some(&bob.access_token),
            json!({"message_id": message["id"]}),
        )
        .await;
    assert!(read.status().is_success());
    assert_eq!(counts(&app, &bob, dm).await, (1, 0));

    // "everyone" and "here" cannot be usernames.
    let taken = app
        .post(
            "/api/v1/auth/signup",
            None,
            json!({"username": "Everyone", "password": "long enough password"}),
        )
        .await;
    assert_eq!(taken.status(), 400);
    assert_eq!(error_code(taken).await, "invalid_username");
}

#[tokio::test]
async fn everyone_in_a_group_needs_the_permission() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("own")).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let outsider = app.signup(&TestApp::username("out")).await;
    let group = app.create_group(&owner, "public").await;
    app.join_group(&ann, &group).await;
    app.join_group(&bob, &group).await;
    let chat = group.conversation_id;

    // Without mention_everyone, @everyone is plain text.
    app.say(&ann, chat, "@everyone free pizza").await;
    assert!(app.mention_notifications(&bob).await.is_empty());
    assert!(app.mention_notifications(&owner).await.is_empty());

    app.say(
        &owner,
        chat,
        &format!("@everyone meeting at 5 (@{})", outsider.username),
    )
    .await;
    for member in [&ann, &bob] {
        let got = app.mention_notifications(member).await;
        assert_eq!(got.len(), 1, "{}", member.username);
        assert_eq!(got[0]["actor"]["id"], owner.id.to_string());
        assert_eq!(counts(&app, member, chat).await.1, 1);
    }
    assert!(app.mention_notifications(&owner).await.is_empty());
    assert!(app.mention_notifications(&outsider).await.is_empty());

    // A role can grant it; a named mention and @everyone count once.
    let herald = app
        .create_role(
            &owner,
            &group,
            "herald",
            10,
            &["send_messages", "mention_everyone"],
        )
        .await;
    assert_eq!(
        app.assign_role(&owner, &group, &ann, herald).await.status(),
        200
    );
    app.say(
        &ann,
        chat,
        &format!("@everyone and @{} again", bob.username),
    )
    .await;
    assert_eq!(app.mention_notifications(&bob).await.len(), 2);
    assert_eq!(counts(&app, &bob, chat).await.1, 2);
    assert_eq!(app.mention_notifications(&owner).await.len(), 1);

    // A deleted message stops counting.
    let history = app.group_history(&bob, &group).await;
    let last = history.last().unwrap();
    let deleted = app
        .request(
            reqwest::Method::DELETE,
            &format!(
                "/api/v1/conversations/{chat}/messages/{}",
                last["id"].as_str().unwrap()
            ),
            Some(&ann.access_token),
            None,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    assert_eq!(counts(&app, &bob, chat).await.1, 1);
}
