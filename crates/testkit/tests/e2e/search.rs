//! Message search: only what the searcher can see now, newest first, with
//! filters, paging and highlights.

use confab_testkit::{TestApp, TestUser, error_code};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

async fn search(app: &TestApp, user: &TestUser, query: &str) -> Value {
    app.get_json(&format!("/api/v1/search/messages?{query}"), user)
        .await
}

fn bodies(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["message"]["body"].as_str().unwrap().to_owned())
        .collect()
}

/// A word no other test writes.
fn unique_word() -> String {
    format!("zq{}", &Uuid::new_v4().simple().to_string()[..10])
}

#[tokio::test]
async fn search_never_shows_what_the_searcher_cannot_see() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    app.befriend(&ann, &bob).await;
    app.befriend(&bob, &eve).await;
    let word = unique_word();

    let ours = app.open_dm(&ann, &bob).await;
    let theirs = app.open_dm(&bob, &eve).await;
    let kept = app.create_group(&bob, "public").await;
    let left = app.create_group(&bob, "public").await;
    let banned = app.create_group(&bob, "public").await;
    for group in [&kept, &left, &banned] {
        app.join_group(&ann, group).await;
    }

    app.say(&ann, ours.to_owned(), &format!("first {word} in our DM"))
        .await;
    app.say(&eve, theirs, &format!("{word} in a DM ann is not in"))
        .await;
    app.say(
        &bob,
        left.conversation_id,
        &format!("{word} before ann left"),
    )
    .await;
    app.say(
        &bob,
        banned.conversation_id,
        &format!("{word} before the ban"),
    )
    .await;
    let deleted = app.say(&bob, ours, &format!("{word} then deleted")).await;
    app.say(
        &bob,
        kept.conversation_id,
        &format!("{word} in the group ann kept"),
    )
    .await;
    app.say(&bob, ours, &format!("last {word} in our DM")).await;

    let leave = app
        .group_action(&ann, Method::POST, &left, "/leave", None)
        .await;
    assert!(leave.status().is_success());
    let ban = app
        .group_action(
            &bob,
            Method::PUT,
            &banned,
            &format!("/bans/{}", ann.id),
            Some(json!({})),
        )
        .await;
    assert!(ban.status().is_success(), "ban: {}", ban.status());
    let delete = app
        .request(
            Method::DELETE,
            &format!(
                "/api/v1/conversations/{ours}/messages/{}",
                deleted["id"].as_str().unwrap()
            ),
            Some(&bob.access_token),
            None,
        )
        .await;
    assert_eq!(delete.status(), 204);

    let found = search(&app, &ann, &format!("q={word}")).await;
    assert_eq!(
        bodies(&found),
        [
            format!("last {word} in our DM"),
            format!("{word} in the group ann kept"),
            format!("first {word} in our DM"),
        ]
    );
    assert!(found["next_before"].is_null());
    // Eve sees only her DM's message; a stranger sees nothing.
    assert_eq!(
        bodies(&search(&app, &eve, &format!("q={word}")).await),
        [format!("{word} in a DM ann is not in")]
    );
    let stranger = app.signup(&TestApp::username("str")).await;
    assert!(bodies(&search(&app, &stranger, &format!("q={word}")).await).is_empty());
    // Naming a conversation one is not in is 404, not an empty page.
    let theirs_only = app
        .get(
            &format!("/api/v1/search/messages?q={word}&conversation_id={theirs}"),
            Some(&ann.access_token),
        )
        .await;
    assert_eq!(theirs_only.status(), 404);
    let left_only = app
        .get(
            &format!(
                "/api/v1/search/messages?q={word}&conversation_id={}",
                left.conversation_id
            ),
            Some(&ann.access_token),
        )
        .await;
    assert_eq!(left_only.status(), 404);
}

#[tokio::test]
async fn filters_paging_syntax_and_highlights() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let word = unique_word();

    let one = app
        .say(&ann, dm, &format!("Meet at the Blue Door, {word}!"))
        .await;
    let two = app.say(&bob, dm, &format!("{word}: the door is red")).await;
    let three = app
        .say(
            &bob,
            group.conversation_id,
            &format!("blue skies and {word}"),
        )
        .await;
    let ids = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["message"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let id = |m: &Value| m["id"].as_str().unwrap().to_owned();

    // Case-insensitive words, all required.
    let blue = search(&app, &bob, &format!("q=BLUE+{word}")).await;
    assert_eq!(ids(&blue), [id(&three), id(&one)]);
    // A phrase, and an exclusion.
    let phrase = search(&app, &bob, &format!("q=%22blue+door%22+{word}")).await;
    assert_eq!(ids(&phrase), [id(&one)]);
    let not_red = search(&app, &bob, &format!("q={word}+-red")).await;
    assert_eq!(ids(&not_red), [id(&three), id(&one)]);
    // Filters: conversation, author, dates.
    let in_dm = search(&app, &bob, &format!("q={word}&conversation_id={dm}")).await;
    assert_eq!(ids(&in_dm), [id(&two), id(&one)]);
    let by_ann = search(&app, &bob, &format!("q={word}&author_id={}", ann.id)).await;
    assert_eq!(ids(&by_ann), [id(&one)]);
    let since = urlencode(two["created_at"].as_str().unwrap());
    let from_two = search(&app, &bob, &format!("q={word}&from={since}")).await;
    assert_eq!(ids(&from_two), [id(&three), id(&two)]);
    let until_two = search(&app, &bob, &format!("q={word}&to={since}")).await;
    assert_eq!(ids(&until_two), [id(&one)]);

    // Paging newest first.
    let mut seen = Vec::new();
    let mut query = format!("q={word}&limit=1");
    loop {
        let page = search(&app, &bob, &query).await;
        seen.extend(ids(&page));
        match page["next_before"].as_str() {
            Some(before) => query = format!("q={word}&limit=1&before={before}"),
            None => break,
        }
    }
    assert_eq!(seen, [id(&three), id(&two), id(&one)]);

    // Highlights: the matched words as pieces of their own, as written.
    let hit = &search(&app, &bob, &format!("q=door+{word}&conversation_id={dm}")).await["items"][1];
    let pieces: Vec<(String, bool)> = hit["highlight"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["text"].as_str().unwrap().to_owned(),
                p["match"].as_bool().unwrap(),
            )
        })
        .collect();
    let joined: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(joined, format!("Meet at the Blue Door, {word}!"));
    let matched: Vec<&str> = pieces
        .iter()
        .filter(|(_, m)| *m)
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(matched, ["Door", word.as_str()]);
    assert_eq!(hit["message"]["reactions"], json!([]));

    for bad in ["q=", "q=%20%20"] {
        let response = app
            .get(
                &format!("/api/v1/search/messages?{bad}"),
                Some(&bob.access_token),
            )
            .await;
        assert_eq!(response.status(), 400, "{bad}");
        assert_eq!(error_code(response).await, "invalid_query");
    }
    let long = "a".repeat(201);
    let too_long = app
        .get(
            &format!("/api/v1/search/messages?q={long}"),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(too_long.status(), 400);
}

fn urlencode(text: &str) -> String {
    text.replace(':', "%3A").replace('+', "%2B")
}
