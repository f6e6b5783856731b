//! Reactions through the REST API: adding and removing, what history shows
//! each reader, the events, and the refusals.

use confab_domain::messages::{Message, Reaction};
use confab_testkit::{TestApp, TestUser};
use uuid::Uuid;

async fn friends_in_a_dm(app: &TestApp) -> (TestUser, TestUser, Uuid) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    (ann, bob, dm)
}

/// Ann and Bob's DM with one message from Ann.
async fn a_message_in_a_dm(app: &TestApp, text: &str) -> (TestUser, TestUser, Uuid, Message) {
    let (ann, bob, dm) = friends_in_a_dm(app).await;
    let message = app.client(&ann).say(dm, text).await.ok();
    (ann, bob, dm, message)
}

/// The reactions on the newest message as `user` sees them.
async fn reactions_seen_by(app: &TestApp, user: &TestUser, dm: Uuid) -> Vec<Reaction> {
    let page = app.client(user).history(dm).await.ok();
    page.items[0]
        .reactions
        .clone()
        .expect("history shows reactions")
}

fn reaction(emoji: &str, count: i64, me: bool) -> Reaction {
    Reaction {
        emoji: emoji.to_owned(),
        count,
        me,
    }
}

#[tokio::test]
async fn reactions_count_once_per_person_and_show_who_reacted() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm, message) = a_message_in_a_dm(&app, "lunch?").await;
    assert!(
        message.reactions.is_none(),
        "a send answer carries no reactions"
    );
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));
    let id = message.id;

    for speaks in [&ann_speaks, &bob_speaks, &bob_speaks] {
        assert_eq!(speaks.react(dm, id, "👍").await.status, 204);
    }
    // "❤" without the variation selector is the same reaction as "❤️".
    assert_eq!(bob_speaks.react(dm, id, "❤").await.status, 204);
    assert_eq!(bob_speaks.react(dm, id, "❤\u{fe0f}").await.status, 204);

    assert_eq!(
        reactions_seen_by(&app, &ann, dm).await,
        [reaction("👍", 2, true), reaction("❤\u{fe0f}", 1, false)]
    );
    let seen_by_bob = reactions_seen_by(&app, &bob, dm).await;
    assert!(seen_by_bob[0].me);
    assert!(seen_by_bob[1].me);

    let who = ann_speaks.reacted_by(dm, id, "👍").await.ok();
    let names: Vec<&str> = who.items.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names, [ann.username.as_str(), bob.username.as_str()]);

    // Removing twice is fine; the count drops once.
    for _ in 0..2 {
        assert_eq!(bob_speaks.unreact(dm, id, "👍").await.status, 204);
    }
    let after = reactions_seen_by(&app, &ann, dm).await;
    assert_eq!(after[0], reaction("👍", 1, true));

    // Events: one per change that happened (not for the repeats), to both.
    let events = app
        .wait_for_events(|events| {
            events
                .iter()
                .filter(|e| e.kind.starts_with("message.reaction_"))
                .count()
                >= 4
        })
        .await;
    let changes: Vec<(String, String, i64)> = events
        .iter()
        .filter(|e| e.kind.starts_with("message.reaction_"))
        .map(|e| {
            assert!(e.recipients.contains(&ann.id) && e.recipients.contains(&bob.id));
            (
                e.kind.clone(),
                e.data["emoji"].as_str().unwrap().to_owned(),
                e.data["count"].as_i64().unwrap(),
            )
        })
        .collect();
    let added = "message.reaction_added".to_owned();
    assert_eq!(
        changes,
        [
            (added.clone(), "👍".to_owned(), 1),
            (added.clone(), "👍".to_owned(), 2),
            (added, "❤\u{fe0f}".to_owned(), 1),
            ("message.reaction_removed".to_owned(), "👍".to_owned(), 1),
        ]
    );
}

#[tokio::test]
async fn a_reaction_must_be_one_emoji() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm, message) = a_message_in_a_dm(&app, "react to me").await;

    for bad in ["a", "👍👍", ":+1:", "<b>"] {
        let answer = app.client(&bob).react(dm, message.id, bad).await;
        assert_eq!(answer.status, 400, "{bad}");
        assert_eq!(answer.code(), "invalid_emoji", "{bad}");
    }
    assert!(reactions_seen_by(&app, &ann, dm).await.is_empty());
}

#[tokio::test]
async fn a_stranger_can_neither_react_nor_see_who_did() {
    let app = TestApp::spawn().await;
    let (ann, _bob, dm, message) = a_message_in_a_dm(&app, "react to me").await;
    let stranger = app.signup(&TestApp::username("eve")).await;
    let eve_speaks = app.client(&stranger);

    let tried = eve_speaks.react(dm, message.id, "👍").await;
    assert_eq!(tried.status, 404);
    assert_eq!(tried.code(), "not_found");
    let listing = eve_speaks.reacted_by(dm, message.id, "👍").await;
    assert_eq!(listing.status, 404);
    assert_eq!(listing.code(), "not_found");
    assert!(reactions_seen_by(&app, &ann, dm).await.is_empty());
}

#[tokio::test]
async fn a_twenty_first_emoji_is_refused_but_more_of_one_already_there_is_not() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm, message) = a_message_in_a_dm(&app, "react to me").await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));

    let twenty = [
        "😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊", "😋", "😎", "😍", "😘", "🥰",
        "😗", "😙", "🥲", "😚", "🙂",
    ];
    for emoji in twenty {
        let answer = bob_speaks.react(dm, message.id, emoji).await;
        assert_eq!(answer.status, 204, "{emoji}");
    }
    let one_more = ann_speaks.react(dm, message.id, "🤗").await;
    assert_eq!(one_more.status, 400);
    assert_eq!(one_more.code(), "too_many_reactions");
    // An emoji already there can still be added by someone else.
    let again = ann_speaks.react(dm, message.id, "😀").await;
    assert_eq!(again.status, 204);
    let shown = reactions_seen_by(&app, &ann, dm).await;
    assert_eq!(shown.len(), 20);
    assert_eq!(shown[0], reaction("😀", 2, true));
    assert!(shown.iter().all(|r| r.emoji != "🤗"));
}

#[tokio::test]
async fn a_deleted_message_takes_no_reactions_and_keeps_none() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm, message) = a_message_in_a_dm(&app, "react to me").await;
    let bob_speaks = app.client(&bob);
    bob_speaks.react(dm, message.id, "😀").await.ok();
    assert_eq!(reactions_seen_by(&app, &ann, dm).await.len(), 1);

    let deleted = app.client(&ann).delete_message(dm, message.id).await;
    assert_eq!(deleted.status, 204);
    let late = bob_speaks.react(dm, message.id, "👍").await;
    assert_eq!(late.status, 404);
    assert_eq!(late.code(), "not_found");
    assert!(reactions_seen_by(&app, &ann, dm).await.is_empty());
}
