//! Message search: only what the searcher can see now, newest first, with
//! filters, paging and highlights.

use confab_domain::messages::{Message, SearchPage};
use confab_testkit::{Answer, TestApp, TestUser};
use uuid::Uuid;

/// `user` searches with these parameters, expecting success.
async fn search(app: &TestApp, user: &TestUser, params: &[(&str, String)]) -> SearchPage {
    app.client(user).search_messages(params).await.ok()
}

/// `user` searches for `q` alone.
async fn search_for(app: &TestApp, user: &TestUser, q: &str) -> SearchPage {
    search(app, user, &[("q", q.to_owned())]).await
}

fn bodies(page: &SearchPage) -> Vec<String> {
    page.items
        .iter()
        .map(|hit| hit.message.body.clone().unwrap())
        .collect()
}

fn ids(page: &SearchPage) -> Vec<Uuid> {
    page.items.iter().map(|hit| hit.message.id).collect()
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
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));

    let ours = app.open_dm(&ann, &bob).await;
    let theirs = app.open_dm(&bob, &eve).await;
    let kept = app.create_group(&bob, "public").await;
    let left = app.create_group(&bob, "public").await;
    let banned = app.create_group(&bob, "public").await;
    for group in [&kept, &left, &banned] {
        app.join_group(&ann, group).await;
    }

    let says = |who: &TestUser, conversation: Uuid, text: String| {
        let speaks = app.client(who);
        async move { speaks.say(conversation, &text).await.ok() }
    };
    says(&ann, ours, format!("first {word} in our DM")).await;
    says(&eve, theirs, format!("{word} in a DM ann is not in")).await;
    says(
        &bob,
        left.conversation_id,
        format!("{word} before ann left"),
    )
    .await;
    says(
        &bob,
        banned.conversation_id,
        format!("{word} before the ban"),
    )
    .await;
    let deleted = says(&bob, ours, format!("{word} then deleted")).await;
    says(
        &bob,
        kept.conversation_id,
        format!("{word} in the group ann kept"),
    )
    .await;
    says(&bob, ours, format!("last {word} in our DM")).await;

    let leave = ann_speaks.leave_group(left.id).await;
    assert_eq!(leave.status, 204);
    let ban = bob_speaks.ban(banned.id, ann.id).await;
    assert_eq!(ban.status, 204);
    let delete = bob_speaks.delete_message(ours, deleted.id).await;
    assert_eq!(delete.status, 204);

    let found = search_for(&app, &ann, &word).await;
    assert_eq!(
        bodies(&found),
        [
            format!("last {word} in our DM"),
            format!("{word} in the group ann kept"),
            format!("first {word} in our DM"),
        ]
    );
    assert!(found.next_before.is_none());
    // Eve sees only her DM's message; a stranger sees nothing.
    assert_eq!(
        bodies(&search_for(&app, &eve, &word).await),
        [format!("{word} in a DM ann is not in")]
    );
    let stranger = app.signup(&TestApp::username("str")).await;
    assert!(bodies(&search_for(&app, &stranger, &word).await).is_empty());
    // Naming a conversation one is not in is 404, not an empty page.
    for conversation in [theirs, left.conversation_id] {
        let only = ann_speaks
            .search_messages(&[
                ("q", word.clone()),
                ("conversation_id", conversation.to_string()),
            ])
            .await;
        assert_eq!(only.status, 404);
        assert_eq!(only.code(), "not_found");
    }
}

/// Ann and Bob's DM and group, and three messages with a word of their own.
struct Scene {
    ann: TestUser,
    bob: TestUser,
    dm: Uuid,
    word: String,
    one: Message,
    two: Message,
    three: Message,
}

async fn scene(app: &TestApp) -> Scene {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let word = unique_word();
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));

    let one = ann_speaks
        .say(dm, &format!("Meet at the Blue Door, {word}!"))
        .await
        .ok();
    let two = bob_speaks
        .say(dm, &format!("{word}: the door is red"))
        .await
        .ok();
    let three = bob_speaks
        .say(group.conversation_id, &format!("blue skies and {word}"))
        .await
        .ok();
    Scene {
        ann,
        bob,
        dm,
        word,
        one,
        two,
        three,
    }
}

#[tokio::test]
async fn words_are_all_required_phrases_are_kept_and_minus_excludes() {
    let app = TestApp::spawn().await;
    let Scene {
        bob,
        word,
        one,
        three,
        ..
    } = scene(&app).await;

    // Case-insensitive words, all required.
    let blue = search_for(&app, &bob, &format!("BLUE {word}")).await;
    assert_eq!(ids(&blue), [three.id, one.id]);
    // A phrase, and an exclusion.
    let phrase = search_for(&app, &bob, &format!("\"blue door\" {word}")).await;
    assert_eq!(ids(&phrase), [one.id]);
    let not_red = search_for(&app, &bob, &format!("{word} -red")).await;
    assert_eq!(ids(&not_red), [three.id, one.id]);
}

#[tokio::test]
async fn results_are_filtered_by_conversation_author_and_time() {
    let app = TestApp::spawn().await;
    let Scene {
        ann,
        bob,
        dm,
        word,
        one,
        two,
        three,
    } = scene(&app).await;
    let q = || ("q", word.clone());

    let in_dm = search(&app, &bob, &[q(), ("conversation_id", dm.to_string())]).await;
    assert_eq!(ids(&in_dm), [two.id, one.id]);
    let by_ann = search(&app, &bob, &[q(), ("author_id", ann.id.to_string())]).await;
    assert_eq!(ids(&by_ann), [one.id]);
    let since = two.created_at.to_rfc3339();
    let from_two = search(&app, &bob, &[q(), ("from", since.clone())]).await;
    assert_eq!(ids(&from_two), [three.id, two.id]);
    let until_two = search(&app, &bob, &[q(), ("to", since)]).await;
    assert_eq!(ids(&until_two), [one.id]);
}

#[tokio::test]
async fn results_page_newest_first() {
    let app = TestApp::spawn().await;
    let Scene {
        bob,
        word,
        one,
        two,
        three,
        ..
    } = scene(&app).await;

    let mut seen = Vec::new();
    let mut before: Option<Uuid> = None;
    loop {
        let mut params = vec![("q", word.clone()), ("limit", "1".to_owned())];
        if let Some(b) = before {
            params.push(("before", b.to_string()));
        }
        let page = search(&app, &bob, &params).await;
        assert!(page.items.len() <= 1);
        seen.extend(ids(&page));
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, [three.id, two.id, one.id]);
}

#[tokio::test]
async fn highlights_cut_the_matched_words_out_as_written() {
    let app = TestApp::spawn().await;
    let Scene {
        bob, dm, word, one, ..
    } = scene(&app).await;

    // Highlights: the matched words as pieces of their own, as written.
    let page = search(
        &app,
        &bob,
        &[
            ("q", format!("door {word}")),
            ("conversation_id", dm.to_string()),
        ],
    )
    .await;
    let hit = &page.items[1];
    assert_eq!(hit.message.id, one.id);
    let joined: String = hit.highlight.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(joined, format!("Meet at the Blue Door, {word}!"));
    let matched: Vec<&str> = hit
        .highlight
        .iter()
        .filter(|p| p.matched)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(matched, ["Door", word.as_str()]);
    assert_eq!(hit.message.reactions, Some(vec![]));
}

#[tokio::test]
async fn an_empty_or_overlong_query_is_refused() {
    let app = TestApp::spawn().await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let speaks = app.client(&bob);
    let refused = |answer: Answer<SearchPage>, what: &str| {
        assert_eq!(answer.status, 400, "{what}");
        assert_eq!(answer.code(), "invalid_query", "{what}");
    };
    for bad in ["", "  "] {
        refused(
            speaks.search_messages(&[("q", bad.to_owned())]).await,
            &format!("{bad:?}"),
        );
    }
    refused(
        speaks.search_messages(&[("q", "a".repeat(201))]).await,
        "201 characters",
    );
}

#[tokio::test]
async fn highlights_show_the_words_without_their_markup() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    app.say(
        &ann,
        dm,
        "the **quarterly** report, see [the draft](https://example.org/q3) ||soon||",
    )
    .await;
    let page = search(&app, &bob, &[("q", "quarterly".to_owned())]).await;
    let joined: String = page.items[0]
        .highlight
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(joined, "the quarterly report, see the draft soon");
    assert!(
        page.items[0]
            .highlight
            .iter()
            .any(|p| p.matched && p.text == "quarterly")
    );
    // The message itself keeps what was typed.
    assert!(
        page.items[0]
            .message
            .body
            .as_deref()
            .unwrap()
            .contains("**quarterly**")
    );
}
