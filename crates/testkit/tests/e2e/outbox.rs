//! Events are committed with their changes and published to the streams, in
//! order and exactly once, even across a Redis outage.

use confab_testkit::{
    PostgresPair, PublishedEvent, RedisServer, TestApp, TestDatabase, TestUser, To,
};
use serde_json::json;
use uuid::Uuid;

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

/// Two people who have never met.
async fn strangers(app: &TestApp) -> (TestUser, TestUser, Vec<Uuid>) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let both = sorted(vec![ann.id, bob.id]);
    (ann, bob, both)
}

#[tokio::test]
async fn friend_request_events_reach_both_people_and_notify_the_other() {
    let app = TestApp::spawn().await;
    let (ann, bob, both) = strangers(&app).await;

    let request = app
        .client(&ann)
        .send_friend_request(To::Id(bob.id))
        .await
        .ok();
    let created = app.wait_for_event("friend_request.created", |_| true).await;
    assert_eq!(created.recipients, both);
    assert_eq!(created.data["id"], request.id.to_string());
    let notified = app
        .wait_for_event("notification.created", |e| e.recipients == [bob.id])
        .await;
    assert_eq!(notified.data["kind"], "friend_request.received");
    assert_eq!(notified.data["user_id"], bob.id.to_string());

    app.client(&bob)
        .accept_friend_request(request.id)
        .await
        .ok();
    let accepted = app
        .wait_for_event("friend_request.accepted", |_| true)
        .await;
    assert_eq!(accepted.recipients, both);
    assert_eq!(accepted.data["status"], "accepted");
    let notified = app
        .wait_for_event("notification.created", |e| e.recipients == [ann.id])
        .await;
    assert_eq!(notified.data["kind"], "friend_request.accepted");
}

#[tokio::test]
async fn conversation_and_message_events_reach_every_member() {
    let app = TestApp::spawn().await;
    let (ann, bob, both) = strangers(&app).await;
    app.befriend(&ann, &bob).await;

    let dm = app.open_dm(&ann, &bob).await;
    let conv = app.wait_for_event("conversation.created", |_| true).await;
    assert_eq!(conv.recipients, both);
    assert_eq!(conv.data["id"], dm.to_string());

    let message = app.say(&ann, dm, "hi bob").await;
    let id = message.id;
    let created = app.wait_for_event("message.created", |_| true).await;
    assert_eq!(created.recipients, both);
    assert_eq!(
        created.data,
        serde_json::to_value(&message).unwrap(),
        "the event carries the message as REST returns it"
    );

    let edited = app.client(&ann).edit_message(dm, id, "hi, bob").await.ok();
    let updated = app.wait_for_event("message.updated", |_| true).await;
    assert_eq!(updated.recipients, both);
    assert_eq!(updated.data, serde_json::to_value(&edited).unwrap());
    assert_eq!(updated.data["body"], "hi, bob");

    app.client(&bob).mark_read(dm, id).await.ok();
    let read = app.wait_for_event("conversation.read", |_| true).await;
    assert_eq!(read.recipients, both);
    assert_eq!(read.data["user_id"], bob.id.to_string());
    assert_eq!(read.data["last_read_message_id"], id.to_string());

    app.client(&ann).delete_message(dm, id).await.ok();
    let deleted = app.wait_for_event("message.deleted", |_| true).await;
    assert!(deleted.data["body"].is_null());
    assert_eq!(deleted.recipients, both);
}

#[tokio::test]
async fn ending_a_friendship_and_declining_a_request_reach_both_people() {
    let app = TestApp::spawn().await;
    let (ann, bob, both) = strangers(&app).await;
    app.befriend(&ann, &bob).await;

    app.client(&ann).unfriend(bob.id).await.ok();
    let removed = app.wait_for_event("friend.removed", |_| true).await;
    assert_eq!(removed.recipients, both);

    let second = app
        .client(&bob)
        .send_friend_request(To::Id(ann.id))
        .await
        .ok();
    app.client(&ann)
        .decline_friend_request(second.id)
        .await
        .ok();
    let declined = app
        .wait_for_event("friend_request.declined", |_| true)
        .await;
    assert_eq!(declined.recipients, both);
    assert_eq!(declined.data["id"], second.id.to_string());
}

#[tokio::test]
async fn each_event_enters_each_partition_of_its_recipients_once() {
    let app = TestApp::spawn().await;
    let (ann, bob, _) = strangers(&app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    app.say(&ann, dm, "one").await;
    app.say(&bob, dm, "two").await;
    let events = app.wait_for_count("message.created", 2).await;

    let partitions = |e: &PublishedEvent| {
        let mut ps: Vec<u16> = e
            .recipients
            .iter()
            .map(|u| (u.as_u128() % u128::from(app.settings.events.partitions)) as u16)
            .collect();
        ps.sort();
        ps.dedup();
        ps.len()
    };
    // Request, its notification, acceptance, its notification, the DM, two messages.
    assert_eq!(events.len(), 7, "{events:?}");
    for event in &events {
        assert_eq!(event.entries, partitions(event), "{}", event.kind);
    }
}

#[tokio::test]
async fn messages_sent_while_redis_is_down_are_published_once_in_order_when_it_returns() {
    let mut redis = RedisServer::start();
    let app = TestApp::spawn_with(|s| redis.serve(s)).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    app.wait_for_event("conversation.created", |_| true).await;

    redis.stop();
    let mut sent = Vec::new();
    for i in 0..30 {
        let response = app
            .send_message(&ann, dm, json!({"body": format!("offline {i}")}))
            .await;
        assert_eq!(response.status(), 201, "sends succeed while Redis is down");
        let message: serde_json::Value = response.json().await.unwrap();
        sent.push(message["id"].clone());
    }
    redis.resume();

    let events = app.wait_for_count("message.created", sent.len()).await;
    let published: Vec<_> = events
        .iter()
        .filter(|e| e.kind == "message.created")
        .map(|e| e.data["id"].clone())
        .collect();
    assert_eq!(published, sent, "every message once, in order");
    let mut seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    let n = seqs.len();
    seqs.dedup();
    assert_eq!(seqs.len(), n, "no sequence number twice");
}

#[tokio::test]
async fn the_relay_goes_on_publishing_after_postgres_restarts() {
    let postgres = PostgresPair::start();
    let database = TestDatabase::create_on(&postgres.primary_url()).await;
    let app = TestApp::spawn_on(database, |_| {}).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    app.say(&ann, dm, "before the restart").await;
    app.wait_for_count("message.created", 1).await;

    // Every connection is cut: the relay's listening ones end mid-wait.
    postgres.restart_primary();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut attempts = Vec::new();
    // With a nonce, as a client retries: an attempt whose answer was lost
    // with its connection may still have been written, and must not count twice.
    let after = loop {
        let response = app
            .send_message(
                &ann,
                dm,
                json!({"body": "after the restart", "nonce": "after-restart"}),
            )
            .await;
        attempts.push(response.status().as_u16());
        if response.status() == 201 {
            break response.json::<serde_json::Value>().await.unwrap();
        }
        // The pool's connections died with the server; a send may fail once.
        assert!(
            std::time::Instant::now() < deadline,
            "sends never recovered"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    // A server going away is worth a retry, never a 500.
    assert!(
        attempts.iter().all(|&s| s == 201 || s == 503),
        "sends answered {attempts:?}"
    );
    let events = app.wait_for_count("message.created", 2).await;
    let created: Vec<_> = events
        .iter()
        .filter(|e| e.kind == "message.created")
        .map(|e| (e.seq, e.data["id"].clone(), e.data["body"].clone()))
        .collect();
    let last = &created.last().unwrap().1;
    assert!(
        created.len() == 2 && *last == after["id"],
        "published after the restart; sends answered {attempts:?}; published {created:?}"
    );
}
