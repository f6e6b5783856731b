//! Reactions through the REST API: adding and removing, what history shows
//! each reader, the events, and the refusals.

use confab_testkit::{TestApp, TestUser, error_code};
use reqwest::Method;
use serde_json::Value;
use uuid::Uuid;

fn reaction_path(conversation: Uuid, message: &Value, emoji: &str) -> String {
    format!(
        "/api/v1/conversations/{conversation}/messages/{}/reactions/{}",
        message["id"].as_str().unwrap(),
        urlencoding(emoji)
    )
}

/// Percent-encodes every byte (enough for a path segment).
fn urlencoding(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

async fn react(app: &TestApp, user: &TestUser, method: Method, path: &str) -> reqwest::Response {
    app.request(method, path, Some(&user.access_token), None)
        .await
}

async fn friends_in_a_dm(app: &TestApp) -> (TestUser, TestUser, Uuid) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    (ann, bob, dm)
}

async fn reactions_seen_by(app: &TestApp, user: &TestUser, dm: Uuid) -> Value {
    let page = app
        .get_json(&format!("/api/v1/conversations/{dm}/messages"), user)
        .await;
    page["items"][0]["reactions"].clone()
}

#[tokio::test]
async fn reactions_count_once_per_person_and_show_who_reacted() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    let message = app.say(&ann, dm, "lunch?").await;
    assert!(
        message.get("reactions").is_none(),
        "a send answer carries no reactions"
    );

    let thumbs = reaction_path(dm, &message, "👍");
    for user in [&ann, &bob, &bob] {
        assert_eq!(react(&app, user, Method::PUT, &thumbs).await.status(), 204);
    }
    // "❤" without the variation selector is the same reaction as "❤️".
    let heart = reaction_path(dm, &message, "❤");
    assert_eq!(react(&app, &bob, Method::PUT, &heart).await.status(), 204);
    assert_eq!(
        react(
            &app,
            &bob,
            Method::PUT,
            &reaction_path(dm, &message, "❤\u{fe0f}")
        )
        .await
        .status(),
        204
    );

    let seen_by_ann = reactions_seen_by(&app, &ann, dm).await;
    assert_eq!(
        seen_by_ann,
        serde_json::json!([
            {"emoji": "👍", "count": 2, "me": true},
            {"emoji": "❤\u{fe0f}", "count": 1, "me": false},
        ])
    );
    let seen_by_bob = reactions_seen_by(&app, &bob, dm).await;
    assert_eq!(seen_by_bob[0]["me"], true);
    assert_eq!(seen_by_bob[1]["me"], true);

    let who = app.get_json(&thumbs, &ann).await;
    let names: Vec<&str> = who["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, [ann.username.as_str(), bob.username.as_str()]);

    // Removing twice is fine; the count drops once.
    for _ in 0..2 {
        assert_eq!(
            react(&app, &bob, Method::DELETE, &thumbs).await.status(),
            204
        );
    }
    let after = reactions_seen_by(&app, &ann, dm).await;
    assert_eq!(
        after[0],
        serde_json::json!({"emoji": "👍", "count": 1, "me": true})
    );

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
async fn bad_emojis_strangers_and_a_twenty_first_emoji_are_refused() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    let stranger = app.signup(&TestApp::username("eve")).await;
    let message = app.say(&ann, dm, "react to me").await;

    for bad in ["a", "👍👍", ":+1:", "<b>"] {
        let response = react(&app, &bob, Method::PUT, &reaction_path(dm, &message, bad)).await;
        assert_eq!(response.status(), 400, "{bad}");
        assert_eq!(error_code(response).await, "invalid_emoji");
    }

    let stranger_try = react(
        &app,
        &stranger,
        Method::PUT,
        &reaction_path(dm, &message, "👍"),
    )
    .await;
    assert_eq!(stranger_try.status(), 404);
    let listing = app
        .get(
            &reaction_path(dm, &message, "👍"),
            Some(&stranger.access_token),
        )
        .await;
    assert_eq!(listing.status(), 404);

    let twenty = [
        "😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊", "😋", "😎", "😍", "😘", "🥰",
        "😗", "😙", "🥲", "😚", "🙂",
    ];
    for emoji in twenty {
        let response = react(&app, &bob, Method::PUT, &reaction_path(dm, &message, emoji)).await;
        assert_eq!(response.status(), 204, "{emoji}");
    }
    let one_more = react(&app, &ann, Method::PUT, &reaction_path(dm, &message, "🤗")).await;
    assert_eq!(one_more.status(), 400);
    assert_eq!(error_code(one_more).await, "too_many_reactions");
    // An emoji already there can still be added by someone else.
    let again = react(&app, &ann, Method::PUT, &reaction_path(dm, &message, "😀")).await;
    assert_eq!(again.status(), 204);
    let shown = reactions_seen_by(&app, &ann, dm).await;
    assert_eq!(shown.as_array().unwrap().len(), 20);
    assert_eq!(
        shown[0],
        serde_json::json!({"emoji": "😀", "count": 2, "me": true})
    );

    // A deleted message takes no reactions and keeps none.
    let deleted = app
        .request(
            Method::DELETE,
            &format!(
                "/api/v1/conversations/{dm}/messages/{}",
                message["id"].as_str().unwrap()
            ),
            Some(&ann.access_token),
            None,
        )
        .await;
    assert_eq!(deleted.status(), 204);
    let late = react(&app, &bob, Method::PUT, &reaction_path(dm, &message, "👍")).await;
    assert_eq!(late.status(), 404);
    assert_eq!(
        reactions_seen_by(&app, &ann, dm).await,
        serde_json::json!([])
    );
}
