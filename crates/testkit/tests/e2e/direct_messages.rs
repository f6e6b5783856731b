use confab_testkit::{TestApp, TestUser, error_code};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashSet;
use uuid::Uuid;

async fn pair(app: &TestApp) -> (TestUser, TestUser) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    (ann, bob)
}

#[tokio::test]
async fn dms_need_friendship_before_during_and_after() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;

    let before = app
        .post(
            "/api/v1/dms",
            Some(&ann.access_token),
            json!({"user_id": bob.id}),
        )
        .await;
    assert_eq!(before.status(), 403);
    assert_eq!(error_code(before).await, "not_friends");

    app.befriend(&ann, &bob).await;
    let created = app
        .post(
            "/api/v1/dms",
            Some(&ann.access_token),
            json!({"user_id": bob.id}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let dm: Value = created.json().await.unwrap();
    assert_eq!(dm["kind"], "dm");
    assert_eq!(dm["peer"]["id"], bob.id.to_string());
    let same = app
        .post(
            "/api/v1/dms",
            Some(&bob.access_token),
            json!({"user_id": ann.id}),
        )
        .await;
    assert_eq!(same.status(), 200);
    let same: Value = same.json().await.unwrap();
    assert_eq!(same["id"], dm["id"], "one DM per pair");
    let dm_id: Uuid = dm["id"].as_str().unwrap().parse().unwrap();
    app.say(&ann, dm_id, "hello").await;

    // Unfriended: no more messages, no new DM.
    app.request(
        Method::DELETE,
        &format!("/api/v1/friends/{}", bob.id),
        Some(&ann.access_token),
        None,
    )
    .await;
    let refused = app
        .send_message(&bob, dm_id, json!({"body": "still there?"}))
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(error_code(refused).await, "not_friends");
    let reopen = app
        .post(
            "/api/v1/dms",
            Some(&ann.access_token),
            json!({"user_id": bob.id}),
        )
        .await;
    assert_eq!(reopen.status(), 403);

    // Friends again, then blocked: refused again.
    app.befriend(&bob, &ann).await;
    app.say(&bob, dm_id, "back").await;
    app.request(
        Method::PUT,
        &format!("/api/v1/blocks/{}", ann.id),
        Some(&bob.access_token),
        None,
    )
    .await;
    let refused = app.send_message(&ann, dm_id, json!({"body": "hm"})).await;
    assert_eq!(error_code(refused).await, "not_friends");
}

#[tokio::test]
async fn a_retried_send_with_the_same_nonce_returns_the_first_message() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let body = json!({"body": "only once", "nonce": "n-123"});
    let first: Value = app
        .send_message(&ann, dm, body.clone())
        .await
        .json()
        .await
        .unwrap();
    let retry = app.send_message(&ann, dm, body.clone()).await;
    assert_eq!(retry.status(), 201);
    let retry: Value = retry.json().await.unwrap();
    assert_eq!(retry["id"], first["id"]);
    // Many concurrent retries still make one message.
    let sends =
        (0..8).map(|_| app.send_message(&ann, dm, json!({"body": "race", "nonce": "n-race"})));
    let mut ids = HashSet::new();
    for response in futures_util::future::join_all(sends).await {
        assert_eq!(response.status(), 201);
        let message: Value = response.json().await.unwrap();
        ids.insert(message["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 1, "concurrent retries made one message");
    let history = app
        .get_json(&format!("/api/v1/conversations/{dm}/messages"), &ann)
        .await;
    let bodies: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["race", "only once"]);
    // The same nonce from the other person is their own message.
    let bobs: Value = app.send_message(&bob, dm, body).await.json().await.unwrap();
    assert_ne!(bobs["id"], first["id"]);
}

#[tokio::test]
async fn only_the_author_edits_or_deletes_and_deletion_leaves_a_tombstone() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let message = app.say(&ann, dm, "typo").await;
    let path = format!(
        "/api/v1/conversations/{dm}/messages/{}",
        message["id"].as_str().unwrap()
    );

    let by_bob = app
        .request(
            Method::PATCH,
            &path,
            Some(&bob.access_token),
            Some(json!({"body": "hacked"})),
        )
        .await;
    assert_eq!(by_bob.status(), 403);
    assert_eq!(error_code(by_bob).await, "not_author");
    let by_bob = app
        .request(Method::DELETE, &path, Some(&bob.access_token), None)
        .await;
    assert_eq!(by_bob.status(), 403);

    let edited = app
        .request(
            Method::PATCH,
            &path,
            Some(&ann.access_token),
            Some(json!({"body": "fixed"})),
        )
        .await;
    assert_eq!(edited.status(), 200);
    let edited: Value = edited.json().await.unwrap();
    assert_eq!(edited["body"], "fixed");
    assert!(edited["edited_at"].is_string());

    let deleted = app
        .request(Method::DELETE, &path, Some(&ann.access_token), None)
        .await;
    assert_eq!(deleted.status(), 204);
    let history = app
        .get_json(&format!("/api/v1/conversations/{dm}/messages"), &bob)
        .await;
    let tombstone = &history["items"][0];
    assert_eq!(tombstone["id"], message["id"]);
    assert!(tombstone["body"].is_null());
    assert!(tombstone["deleted_at"].is_string());
    let edit_deleted = app
        .request(
            Method::PATCH,
            &path,
            Some(&ann.access_token),
            Some(json!({"body": "again"})),
        )
        .await;
    assert_eq!(edit_deleted.status(), 404);
}

#[tokio::test]
async fn conversations_you_are_not_in_do_not_exist() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let message = app.say(&ann, dm, "private").await;
    let mid = message["id"].as_str().unwrap();
    let t = Some(eve.access_token.as_str());
    let checks = [
        app.request(Method::GET, &format!("/api/v1/conversations/{dm}"), t, None)
            .await,
        app.request(
            Method::GET,
            &format!("/api/v1/conversations/{dm}/messages"),
            t,
            None,
        )
        .await,
        app.request(
            Method::POST,
            &format!("/api/v1/conversations/{dm}/messages"),
            t,
            Some(json!({"body": "hi"})),
        )
        .await,
        app.request(
            Method::POST,
            &format!("/api/v1/conversations/{dm}/read"),
            t,
            Some(json!({"message_id": mid})),
        )
        .await,
        app.request(
            Method::PATCH,
            &format!("/api/v1/conversations/{dm}/messages/{mid}"),
            t,
            Some(json!({"body": "x"})),
        )
        .await,
        app.request(
            Method::DELETE,
            &format!("/api/v1/conversations/{dm}/messages/{mid}"),
            t,
            None,
        )
        .await,
        app.request(
            Method::GET,
            &format!("/api/v1/conversations/{}/messages", Uuid::now_v7()),
            t,
            None,
        )
        .await,
        app.request(
            Method::GET,
            "/api/v1/conversations/not-a-uuid/messages",
            t,
            None,
        )
        .await,
    ];
    // Each answer is the one a conversation that never existed gets, so an
    // outsider cannot tell a real one from a made-up id.
    for response in checks {
        let url = response.url().to_string();
        assert_eq!(response.status(), 404, "{url}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{url}: {body}");
        assert!(
            !body.to_string().contains("private"),
            "{url} shows the message: {body}"
        );
    }
}

#[tokio::test]
async fn pages_return_every_message_once_while_new_ones_arrive() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let mut sent = Vec::new();
    for i in 0..25 {
        let m = app
            .say(if i % 2 == 0 { &ann } else { &bob }, dm, &format!("m{i}"))
            .await;
        sent.push(m["id"].as_str().unwrap().to_owned());
    }
    let mut seen = Vec::new();
    let mut before: Option<String> = None;
    let mut extra = 0;
    loop {
        let mut path = format!("/api/v1/conversations/{dm}/messages?limit=4");
        if let Some(b) = &before {
            path.push_str(&format!("&before={b}"));
        }
        let page = app.get_json(&path, &ann).await;
        for m in page["items"].as_array().unwrap() {
            seen.push(m["id"].as_str().unwrap().to_owned());
        }
        // Someone keeps talking while we scroll back.
        app.say(&bob, dm, &format!("new {extra}")).await;
        extra += 1;
        match page["next_before"].as_str() {
            Some(next) => before = Some(next.to_owned()),
            None => break,
        }
    }
    sent.reverse();
    assert_eq!(seen, sent, "every message once, newest first");

    // Oldest first with `after`.
    let first = app
        .get_json(
            &format!(
                "/api/v1/conversations/{dm}/messages?after={}&limit=3",
                sent.last().unwrap()
            ),
            &ann,
        )
        .await;
    let ids: Vec<&str> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [sent[23].as_str(), sent[22].as_str(), sent[21].as_str()]
    );
    let bad = app
        .get(
            &format!("/api/v1/conversations/{dm}/messages?limit=1000"),
            Some(&ann.access_token),
        )
        .await;
    assert_eq!(error_code(bad).await, "invalid_limit");
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
    app.say(&ann, with_bob, "one").await;
    app.say(&ann, with_bob, "two").await;
    let three = app.say(&ann, with_bob, "three").await;
    app.say(&cy, with_cy, "from cy").await;
    let bobs_reply = app.say(&bob, with_bob, "reply").await;

    let unread = |list: &Value, id: Uuid| -> i64 {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id.to_string())
            .unwrap()["unread_count"]
            .as_i64()
            .unwrap()
    };
    let bobs = app.get_json("/api/v1/conversations", &bob).await;
    assert_eq!(unread(&bobs, with_bob), 3);
    assert_eq!(bobs["items"][0]["last_message"]["body"], "reply");
    let anns = app.get_json("/api/v1/conversations", &ann).await;
    assert_eq!(unread(&anns, with_bob), 1);
    assert_eq!(unread(&anns, with_cy), 1);
    assert_eq!(
        anns["items"][0]["id"],
        with_bob.to_string(),
        "most recent first"
    );

    // Bob reads up to "three": his count drops, Ann sees it as his read marker.
    let read = app
        .post(
            &format!("/api/v1/conversations/{with_bob}/read"),
            Some(&bob.access_token),
            json!({"message_id": three["id"]}),
        )
        .await;
    assert_eq!(read.status(), 204);
    let bobs = app.get_json("/api/v1/conversations", &bob).await;
    assert_eq!(unread(&bobs, with_bob), 0);
    let anns_view = app
        .get_json(&format!("/api/v1/conversations/{with_bob}"), &ann)
        .await;
    assert_eq!(anns_view["peer_last_read_message_id"], three["id"]);

    // Ann reads Bob's reply; reading an older one later does not move her back.
    for id in [&bobs_reply["id"], &three["id"]] {
        app.post(
            &format!("/api/v1/conversations/{with_bob}/read"),
            Some(&ann.access_token),
            json!({"message_id": id}),
        )
        .await;
    }
    let anns = app.get_json("/api/v1/conversations", &ann).await;
    assert_eq!(unread(&anns, with_bob), 0);
    assert_eq!(
        anns["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == with_bob.to_string())
            .unwrap()["last_read_message_id"],
        bobs_reply["id"]
    );
}

#[tokio::test]
async fn message_input_is_validated() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    for (body, code) in [
        (json!({"body": ""}), "invalid_message_body"),
        (json!({"body": "   "}), "invalid_message_body"),
        (json!({"body": "x".repeat(4001)}), "invalid_message_body"),
        (
            json!({"body": "ok", "nonce": "with space"}),
            "invalid_nonce",
        ),
        (
            json!({"body": "ok", "reply_to": Uuid::now_v7()}),
            "invalid_reply_to",
        ),
        (json!({"text": "wrong field"}), "invalid_body"),
    ] {
        let response = app.send_message(&ann, dm, body.clone()).await;
        assert_eq!(response.status(), 400, "{body}");
        assert_eq!(error_code(response).await, code, "{body}");
    }
    let first = app.say(&ann, dm, "question?").await;
    let reply = app
        .send_message(&bob, dm, json!({"body": "answer", "reply_to": first["id"]}))
        .await;
    assert_eq!(reply.status(), 201);
    let reply: Value = reply.json().await.unwrap();
    assert_eq!(reply["reply_to_id"], first["id"]);
    let unicode = app.say(&ann, dm, &"ü".repeat(4000)).await;
    assert_eq!(unicode["body"].as_str().unwrap().chars().count(), 4000);
}

#[tokio::test]
async fn concurrent_sends_each_get_their_own_answer() {
    let app = TestApp::spawn().await;
    let (ann, bob) = pair(&app).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let anchor = app.say(&ann, dm, "anchor").await;
    // Sent together, so the API writes them in shared batches.
    let mut sends = Vec::new();
    for i in 0..30 {
        let (user, body) = match i % 5 {
            0 => (&eve, json!({"body": "intruder"})),
            1 => (
                &ann,
                json!({"body": "bad reply", "reply_to": Uuid::now_v7()}),
            ),
            2 => (
                &bob,
                json!({"body": format!("reply {i}"), "reply_to": anchor["id"]}),
            ),
            3 => (&ann, json!({"body": "same nonce", "nonce": "shared"})),
            _ => (&ann, json!({"body": format!("plain {i}")})),
        };
        sends.push(app.send_message(user, dm, body));
    }
    let responses = futures_util::future::join_all(sends).await;
    let mut nonce_ids = HashSet::new();
    for (i, response) in responses.into_iter().enumerate() {
        let status = response.status().as_u16();
        match i % 5 {
            0 => assert_eq!(status, 404, "a non-member"),
            1 => assert_eq!(error_code(response).await, "invalid_reply_to"),
            3 => {
                assert_eq!(status, 201);
                let m: Value = response.json().await.unwrap();
                nonce_ids.insert(m["id"].as_str().unwrap().to_owned());
            }
            _ => assert_eq!(status, 201),
        }
    }
    assert_eq!(nonce_ids.len(), 1, "one message per nonce");
    let history = app
        .get_json(
            &format!("/api/v1/conversations/{dm}/messages?limit=100"),
            &ann,
        )
        .await;
    // anchor + 6 replies + 1 nonce message + 6 plain
    assert_eq!(history["items"].as_array().unwrap().len(), 14);
    let events = app
        .wait_for_events(|events| {
            events
                .iter()
                .filter(|e| e.kind == "message.created")
                .count()
                >= 14
        })
        .await;
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
    let (ann, bob) = pair(&app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let mut ids = Vec::new();
    for i in 0..20 {
        let message = app.say(&ann, dm, &format!("n{i}")).await;
        ids.push(message["id"].as_str().unwrap().to_owned());
    }
    let page = app
        .get_json(
            &format!(
                "/api/v1/conversations/{dm}/messages?around={}&limit=5",
                ids[10]
            ),
            &bob,
        )
        .await;
    let got: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = ids[8..=12].iter().rev().map(String::as_str).collect();
    assert_eq!(got, want, "newest first, the message in the middle");
    assert_eq!(page["next_before"], ids[8].as_str());
    assert_eq!(page["next_after"], ids[12].as_str());

    // Near the end, there is nothing newer to page to.
    let last = app
        .get_json(
            &format!(
                "/api/v1/conversations/{dm}/messages?around={}&limit=5",
                ids[19]
            ),
            &bob,
        )
        .await;
    assert_eq!(last["items"][0]["id"], ids[19].as_str());
    assert_eq!(last["next_after"], Value::Null);

    let other = app.signup(&TestApp::username("cat")).await;
    app.befriend(&ann, &other).await;
    let elsewhere = app.open_dm(&ann, &other).await;
    let foreign = app
        .get(
            &format!(
                "/api/v1/conversations/{elsewhere}/messages?around={}",
                ids[3]
            ),
            Some(&ann.access_token),
        )
        .await;
    assert_eq!(foreign.status(), 404, "a message of another conversation");
    let both = app
        .get(
            &format!(
                "/api/v1/conversations/{dm}/messages?around={}&before={}",
                ids[3], ids[4]
            ),
            Some(&ann.access_token),
        )
        .await;
    assert_eq!(both.status(), 400);
    assert_eq!(error_code(both).await, "invalid_query");
}
