use confab_domain::conversations::Conversation;
use confab_domain::messages::Message;
use confab_testkit::{Answer, TestApp, TestUser};
use serde_json::json;
use std::collections::HashSet;
use uuid::Uuid;

async fn pair(app: &TestApp) -> (TestUser, TestUser) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    (ann, bob)
}

/// Two friends and their DM.
async fn friends_in_a_dm(app: &TestApp) -> (TestUser, TestUser, Uuid) {
    let (ann, bob) = pair(app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    (ann, bob, dm)
}

/// The bodies of a conversation's newest page, newest first.
async fn bodies(app: &TestApp, user: &TestUser, conversation: Uuid) -> Vec<Option<String>> {
    let page = app.client(user).history(conversation).await.ok();
    page.items.into_iter().map(|m| m.body).collect()
}

/// The ids of a page of messages, in the order given.
fn ids(messages: &[Message]) -> Vec<Uuid> {
    messages.iter().map(|m| m.id).collect()
}

/// One conversation of someone's list.
fn listed(list: &[Conversation], id: Uuid) -> &Conversation {
    list.iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} is not in the list"))
}

#[tokio::test]
async fn a_dm_needs_a_friendship() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;

    let before = app.client(&ann).open_dm(bob.id).await;
    assert_eq!(before.status, 403);
    assert_eq!(before.code(), "not_friends");
    assert!(app.client(&ann).conversations().await.ok().items.is_empty());
}

#[tokio::test]
async fn friends_share_one_dm_whoever_opens_it() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;
    app.befriend(&ann, &bob).await;

    let created = app.client(&ann).open_dm(bob.id).await;
    assert_eq!(created.status, 201);
    let dm = created.ok();
    assert_eq!(dm.kind, "dm");
    assert_eq!(dm.peer.as_ref().map(|p| p.id), Some(bob.id));
    let same = app.client(&bob).open_dm(ann.id).await;
    assert_eq!(same.status, 200);
    assert_eq!(same.ok().id, dm.id, "one DM per pair");
    app.client(&ann).say(dm.id, "hello").await.ok();
    assert_eq!(bodies(&app, &bob, dm.id).await, [Some("hello".into())]);
}

#[tokio::test]
async fn unfriending_stops_messages_and_new_dms() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    app.client(&ann).say(dm, "hello").await.ok();

    app.client(&ann).unfriend(bob.id).await.ok();
    let refused = app.client(&bob).say(dm, "still there?").await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "not_friends");
    let reopen = app.client(&ann).open_dm(bob.id).await;
    assert_eq!(reopen.status, 403);
    assert_eq!(reopen.code(), "not_friends");
    assert_eq!(bodies(&app, &ann, dm).await, [Some("hello".into())]);

    // Friends again: the same DM works again.
    app.befriend(&bob, &ann).await;
    app.client(&bob).say(dm, "back").await.ok();
    assert_eq!(
        bodies(&app, &ann, dm).await,
        [Some("back".into()), Some("hello".into())]
    );
}

#[tokio::test]
async fn a_block_stops_messages_from_both_sides_of_it() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;

    app.client(&bob).block(ann.id).await.ok();
    for speaker in [&ann, &bob] {
        let refused = app.client(speaker).say(dm, "hm").await;
        assert_eq!(refused.status, 403);
        assert_eq!(refused.code(), "not_friends");
    }
    assert!(bodies(&app, &bob, dm).await.is_empty());
}

#[tokio::test]
async fn a_retried_send_with_the_same_nonce_returns_the_first_message() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));
    let body = json!({"body": "only once", "nonce": "n-123"});
    let first = ann_speaks.send_message(dm, body.clone()).await.ok();
    let retry = ann_speaks.send_message(dm, body.clone()).await;
    assert_eq!(retry.status, 201);
    assert_eq!(retry.ok().id, first.id);
    // Many concurrent retries still make one message.
    let sends =
        (0..8).map(|_| ann_speaks.send_message(dm, json!({"body": "race", "nonce": "n-race"})));
    let mut raced = HashSet::new();
    for answer in futures_util::future::join_all(sends).await {
        assert_eq!(answer.status, 201);
        raced.insert(answer.ok().id);
    }
    assert_eq!(raced.len(), 1, "concurrent retries made one message");
    assert_eq!(
        bodies(&app, &ann, dm).await,
        [Some("race".into()), Some("only once".into())]
    );
    // The same nonce from the other person is their own message.
    let bobs = bob_speaks.send_message(dm, body).await.ok();
    assert_ne!(bobs.id, first.id);
}

#[tokio::test]
async fn only_the_author_edits_or_deletes_and_deletion_leaves_a_tombstone() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));
    let message = ann_speaks.say(dm, "typo").await.ok();

    let by_bob = bob_speaks.edit_message(dm, message.id, "hacked").await;
    assert_eq!(by_bob.status, 403);
    assert_eq!(by_bob.code(), "not_author");
    let by_bob = bob_speaks.delete_message(dm, message.id).await;
    assert_eq!(by_bob.status, 403);
    assert_eq!(by_bob.code(), "not_author");
    assert_eq!(bodies(&app, &bob, dm).await, [Some("typo".into())]);

    let edited = ann_speaks.edit_message(dm, message.id, "fixed").await;
    assert_eq!(edited.status, 200);
    let edited = edited.ok();
    assert_eq!(edited.body.as_deref(), Some("fixed"));
    assert!(edited.edited_at.is_some());

    let deleted = ann_speaks.delete_message(dm, message.id).await;
    assert_eq!(deleted.status, 204);
    let history = bob_speaks.history(dm).await.ok();
    let tombstone = &history.items[0];
    assert_eq!(tombstone.id, message.id);
    assert!(tombstone.body.is_none());
    assert!(tombstone.deleted_at.is_some());
    let edit_deleted = ann_speaks.edit_message(dm, message.id, "again").await;
    assert_eq!(edit_deleted.status, 404);
    assert_eq!(edit_deleted.code(), "not_found");
}

#[tokio::test]
async fn conversations_you_are_not_in_do_not_exist() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    let mid = app.client(&ann).say(dm, "private").await.ok().id;
    let eve_speaks = app.client(&eve);

    /// What an answer showed: its status and error.
    fn refusal<T>(what: &str, answer: Answer<T>) -> (String, u16, confab_testkit::ApiError) {
        (what.to_owned(), answer.status.as_u16(), answer.error())
    }
    let mut checks = vec![
        refusal("conversation", eve_speaks.conversation(dm).await),
        refusal("history", eve_speaks.history(dm).await),
        refusal("send", eve_speaks.say(dm, "hi").await),
        refusal("read", eve_speaks.mark_read(dm, mid).await),
        refusal("edit", eve_speaks.edit_message(dm, mid, "x").await),
        refusal("delete", eve_speaks.delete_message(dm, mid).await),
        refusal("made-up history", eve_speaks.history(Uuid::now_v7()).await),
    ];
    // An id that is not a uuid cannot be said through the typed client.
    let not_a_uuid = app
        .get(
            "/api/v1/conversations/not-a-uuid/messages",
            Some(&eve.access_token),
        )
        .await;
    let status = not_a_uuid.status().as_u16();
    let error = serde_json::from_value(
        not_a_uuid.json::<serde_json::Value>().await.unwrap()["error"].clone(),
    )
    .expect("the error envelope");
    checks.push(("not a uuid".to_owned(), status, error));

    // Each answer is the one a conversation that never existed gets, so an
    // outsider cannot tell a real one from a made-up id.
    for (what, status, error) in checks {
        assert_eq!(status, 404, "{what}");
        assert_eq!(error.code, "not_found", "{what}: {error:?}");
        assert!(
            !error.message.contains("private"),
            "{what} shows the message: {error:?}"
        );
    }
    assert_eq!(bodies(&app, &bob, dm).await, [Some("private".into())]);
}

#[tokio::test]
async fn pages_return_every_message_once_while_new_ones_arrive() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));
    let mut sent = Vec::new();
    for i in 0..25 {
        let speaker = if i % 2 == 0 { &ann_speaks } else { &bob_speaks };
        sent.push(speaker.say(dm, &format!("m{i}")).await.ok().id);
    }
    let mut seen = Vec::new();
    let mut before: Option<Uuid> = None;
    let mut extra = 0;
    loop {
        let mut params = vec![("limit", "4".to_owned())];
        if let Some(b) = before {
            params.push(("before", b.to_string()));
        }
        let page = ann_speaks.history_with(dm, &params).await.ok();
        seen.extend(ids(&page.items));
        // Someone keeps talking while we scroll back.
        bob_speaks.say(dm, &format!("new {extra}")).await.ok();
        extra += 1;
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    sent.reverse();
    assert_eq!(seen, sent, "every message once, newest first");

    // Oldest first with `after`.
    let first = ann_speaks
        .history_with(
            dm,
            &[
                ("after", sent.last().unwrap().to_string()),
                ("limit", "3".to_owned()),
            ],
        )
        .await
        .ok();
    assert_eq!(ids(&first.items), [sent[23], sent[22], sent[21]]);
    let bad = ann_speaks
        .history_with(dm, &[("limit", "1000".to_owned())])
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.code(), "invalid_limit");
}

#[tokio::test]
async fn unread_counts_and_last_messages_are_right_for_both_sides() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;
    let cy = app.signup(&TestApp::username("cy")).await;
    app.befriend(&ann, &bob).await;
    app.befriend(&ann, &cy).await;
    let with_bob = app.open_dm(&ann, &bob).await;
    let with_cy = app.open_dm(&ann, &cy).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));
    ann_speaks.say(with_bob, "one").await.ok();
    ann_speaks.say(with_bob, "two").await.ok();
    let three = ann_speaks.say(with_bob, "three").await.ok();
    app.client(&cy).say(with_cy, "from cy").await.ok();
    let bobs_reply = bob_speaks.say(with_bob, "reply").await.ok();

    let bobs = bob_speaks.conversations().await.ok().items;
    assert_eq!(listed(&bobs, with_bob).unread_count, 3);
    let last = bobs[0].last_message.as_ref().expect("a last message");
    assert_eq!(last.body.as_deref(), Some("reply"));
    let anns = ann_speaks.conversations().await.ok().items;
    assert_eq!(listed(&anns, with_bob).unread_count, 1);
    assert_eq!(listed(&anns, with_cy).unread_count, 1);
    assert_eq!(anns[0].id, with_bob, "most recent first");

    // Bob reads up to "three": his count drops, Ann sees it as his read marker.
    let read = bob_speaks.mark_read(with_bob, three.id).await;
    assert_eq!(read.status, 204);
    let bobs = bob_speaks.conversations().await.ok().items;
    assert_eq!(listed(&bobs, with_bob).unread_count, 0);
    let anns_view = ann_speaks.conversation(with_bob).await.ok();
    assert_eq!(anns_view.peer_last_read_message_id, Some(three.id));

    // Ann reads Bob's reply; reading an older one later does not move her back.
    for id in [bobs_reply.id, three.id] {
        ann_speaks.mark_read(with_bob, id).await.ok();
    }
    let anns = ann_speaks.conversations().await.ok().items;
    assert_eq!(listed(&anns, with_bob).unread_count, 0);
    assert_eq!(
        listed(&anns, with_bob).last_read_message_id,
        Some(bobs_reply.id)
    );
}

#[tokio::test]
async fn message_input_is_validated() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));
    for (body, status, code) in [
        (json!({"body": ""}), 400, "invalid_message_body"),
        (json!({"body": "   "}), 400, "invalid_message_body"),
        (
            json!({"body": "x".repeat(4001)}),
            400,
            "invalid_message_body",
        ),
        (
            json!({"body": "ok", "nonce": "with space"}),
            400,
            "invalid_nonce",
        ),
        (
            json!({"body": "ok", "reply_to": Uuid::now_v7()}),
            404,
            "invalid_reply_to",
        ),
        (json!({"text": "wrong field"}), 400, "invalid_body"),
    ] {
        let answer = ann_speaks.send_message(dm, body.clone()).await;
        assert_eq!(answer.status, status, "{body}");
        assert_eq!(answer.code(), code, "{body}");
    }
    assert!(bodies(&app, &ann, dm).await.is_empty(), "nothing was sent");
    let first = ann_speaks.say(dm, "question?").await.ok();
    let reply = bob_speaks
        .send_message(dm, json!({"body": "answer", "reply_to": first.id}))
        .await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.ok().reply_to_id, Some(first.id));
    let unicode = ann_speaks.say(dm, &"ü".repeat(4000)).await.ok();
    assert_eq!(unicode.body.unwrap().chars().count(), 4000);
}

#[tokio::test]
async fn concurrent_sends_each_get_their_own_answer() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    let (ann_speaks, bob_speaks, eve_speaks) =
        (app.client(&ann), app.client(&bob), app.client(&eve));
    let anchor = ann_speaks.say(dm, "anchor").await.ok();
    // Sent together, so the API writes them in shared batches.
    let mut sends = Vec::new();
    for i in 0..30 {
        let (speaker, body) = match i % 5 {
            0 => (&eve_speaks, json!({"body": "intruder"})),
            1 => (
                &ann_speaks,
                json!({"body": "bad reply", "reply_to": Uuid::now_v7()}),
            ),
            2 => (
                &bob_speaks,
                json!({"body": format!("reply {i}"), "reply_to": anchor.id}),
            ),
            3 => (
                &ann_speaks,
                json!({"body": "same nonce", "nonce": "shared"}),
            ),
            _ => (&ann_speaks, json!({"body": format!("plain {i}")})),
        };
        sends.push(speaker.send_message(dm, body));
    }
    let answers = futures_util::future::join_all(sends).await;
    let mut nonce_ids = HashSet::new();
    for (i, answer) in answers.into_iter().enumerate() {
        match i % 5 {
            0 => {
                assert_eq!(answer.status, 404, "a non-member");
                assert_eq!(answer.code(), "not_found");
            }
            1 => {
                assert_eq!(answer.status, 404);
                assert_eq!(answer.code(), "invalid_reply_to");
            }
            3 => {
                assert_eq!(answer.status, 201);
                nonce_ids.insert(answer.ok().id);
            }
            _ => assert_eq!(answer.status, 201),
        }
    }
    assert_eq!(nonce_ids.len(), 1, "one message per nonce");
    let history = ann_speaks
        .history_with(dm, &[("limit", "100".to_owned())])
        .await
        .ok();
    // anchor + 6 replies + 1 nonce message + 6 plain
    assert_eq!(history.items.len(), 14);
    let events = app.wait_for_count("message.created", 14).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == "message.created")
            .count(),
        14
    );
}

#[tokio::test]
async fn history_opens_around_a_message() {
    let app = TestApp::spawn().await;
    let (ann, bob, dm) = friends_in_a_dm(&app).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));
    let mut sent = Vec::new();
    for i in 0..20 {
        sent.push(ann_speaks.say(dm, &format!("n{i}")).await.ok().id);
    }
    let around = |id: Uuid| [("around", id.to_string()), ("limit", "5".to_owned())];
    let page = bob_speaks.history_with(dm, &around(sent[10])).await.ok();
    let want: Vec<Uuid> = sent[8..=12].iter().rev().copied().collect();
    assert_eq!(
        ids(&page.items),
        want,
        "newest first, the message in the middle"
    );
    assert_eq!(page.next_before, Some(sent[8]));
    assert_eq!(page.next_after, Some(sent[12]));

    // Near the end, there is nothing newer to page to.
    let last = bob_speaks.history_with(dm, &around(sent[19])).await.ok();
    assert_eq!(last.items[0].id, sent[19]);
    assert_eq!(last.next_after, None);

    let other = app.signup(&TestApp::username("cat")).await;
    app.befriend(&ann, &other).await;
    let elsewhere = app.open_dm(&ann, &other).await;
    let foreign = ann_speaks
        .history_with(elsewhere, &[("around", sent[3].to_string())])
        .await;
    assert_eq!(foreign.status, 404, "a message of another conversation");
    assert_eq!(foreign.code(), "not_found");
    let both = ann_speaks
        .history_with(
            dm,
            &[
                ("around", sent[3].to_string()),
                ("before", sent[4].to_string()),
            ],
        )
        .await;
    assert_eq!(both.status, 400);
    assert_eq!(both.code(), "invalid_query");
}
