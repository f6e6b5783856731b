//! Mentions: `@username` notifies members of the conversation and counts in
//! their unread state; `@everyone` needs `mention_everyone` in groups.

use confab_testkit::{TestApp, TestUser};
use serde_json::json;
use uuid::Uuid;

/// (unread, mentions) of a conversation as `user` sees it.
async fn counts(app: &TestApp, user: &TestUser, conversation: Uuid) -> (i64, i64) {
    let c = app.client(user).conversation(conversation).await.ok();
    (c.unread_count, c.mention_count)
}

#[tokio::test]
async fn a_named_member_is_notified_and_counted_until_they_read() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let ann_speaks = app.client(&ann);

    let body = format!(
        "hey @{}, ask @{} (not here), write to x@{}.com, signed @{}",
        bob.username.to_uppercase(),
        eve.username,
        bob.username,
        ann.username
    );
    let message = ann_speaks.say(dm, &body).await.ok();
    ann_speaks
        .say(dm, "a second message, no mention")
        .await
        .ok();

    let bobs = app.mention_notifications(&bob).await;
    assert_eq!(bobs.len(), 1, "one mention for bob: {bobs:?}");
    assert_eq!(bobs[0].actor.as_ref().map(|a| a.id), Some(ann.id));
    assert_eq!(bobs[0].data["conversation_id"], dm.to_string());
    assert_eq!(bobs[0].data["message_id"], message.id.to_string());
    assert!(
        bobs[0].data["excerpt"]
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

    let read = app.client(&bob).mark_read(dm, message.id).await;
    assert_eq!(read.status, 204);
    assert_eq!(counts(&app, &bob, dm).await, (1, 0));
}

#[tokio::test]
async fn everyone_and_here_cannot_be_usernames() {
    let app = TestApp::spawn().await;
    for name in ["Everyone", "here"] {
        let taken = app
            .anonymous()
            .signup(json!({"username": name, "password": "long enough password"}))
            .await;
        assert_eq!(taken.status, 400, "{name}");
        assert_eq!(taken.code(), "invalid_username", "{name}");
    }
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
    let (owner_speaks, ann_speaks) = (app.client(&owner), app.client(&ann));

    // Without mention_everyone, @everyone is plain text.
    ann_speaks.say(chat, "@everyone free pizza").await.ok();
    assert!(app.mention_notifications(&bob).await.is_empty());
    assert!(app.mention_notifications(&owner).await.is_empty());

    owner_speaks
        .say(
            chat,
            &format!("@everyone meeting at 5 (@{})", outsider.username),
        )
        .await
        .ok();
    for member in [&ann, &bob] {
        let got = app.mention_notifications(member).await;
        assert_eq!(got.len(), 1, "{}", member.username);
        assert_eq!(got[0].actor.as_ref().map(|a| a.id), Some(owner.id));
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
    let assigned = owner_speaks.set_role(group.id, ann.id, herald).await;
    assert_eq!(assigned.status, 200);
    let both = ann_speaks
        .say(chat, &format!("@everyone and @{} again", bob.username))
        .await
        .ok();
    assert_eq!(app.mention_notifications(&bob).await.len(), 2);
    assert_eq!(counts(&app, &bob, chat).await.1, 2);
    assert_eq!(app.mention_notifications(&owner).await.len(), 1);

    // A deleted message stops counting.
    let newest = app.client(&bob).history(chat).await.ok().items[0].id;
    assert_eq!(newest, both.id);
    let deleted = ann_speaks.delete_message(chat, both.id).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(counts(&app, &bob, chat).await.1, 1);
}

#[tokio::test]
async fn a_name_in_code_notifies_nobody_and_excerpts_are_plain_text() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;

    // As the web app shows it: code, not a mention (docs/formatting.md).
    app.say(&ann, dm, &format!("run `ping @{}` to test", bob.username))
        .await;
    assert!(app.mention_notifications(&bob).await.is_empty());

    app.say(
        &ann,
        dm,
        &format!("**ship it**, @{} ||today||", bob.username),
    )
    .await;
    let notified = app.mention_notifications(&bob).await;
    assert_eq!(notified.len(), 1);
    assert_eq!(
        notified[0].data["excerpt"],
        format!("ship it, @{} today", bob.username),
        "the excerpt is the plain text"
    );
}
