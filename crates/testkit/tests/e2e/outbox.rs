//! Events are committed with their changes and published to the streams, in
//! order and exactly once, even across a Redis outage.

use confab_testkit::{RedisServer, TestApp};
use reqwest::Method;
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

#[tokio::test]
async fn every_action_publishes_its_event_to_the_right_people() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let both = sorted(vec![ann.id, bob.id]);

    let request: serde_json::Value = app
        .post(
            "/api/v1/friends/requests",
            Some(&ann.access_token),
            json!({"user_id": bob.id}),
        )
        .await
        .json()
        .await
        .unwrap();
    let created = app.wait_for_event("friend_request.created", |_| true).await;
    assert_eq!(created.recipients, both);
    assert_eq!(created.data["id"], request["id"]);
    let notified = app
        .wait_for_event("notification.created", |e| e.recipients == [bob.id])
        .await;
    assert_eq!(notified.data["kind"], "friend_request.received");

    app.post(
        &format!(
            "/api/v1/friends/requests/{}/accept",
            request["id"].as_str().unwrap()
        ),
        Some(&bob.access_token),
        json!({}),
    )
    .await;
    assert_eq!(
        app.wait_for_event("friend_request.accepted", |_| true)
            .await
            .recipients,
        both
    );
    app.wait_for_event("notification.created", |e| e.recipients == [ann.id])
        .await;

    let dm = app.open_dm(&ann, &bob).await;
    let conv = app.wait_for_event("conversation.created", |_| true).await;
    assert_eq!(conv.recipients, both);
    assert_eq!(conv.data["id"], dm.to_string());

    let message = app.say(&ann, dm, "hi bob").await;
    let event = app.wait_for_event("message.created", |_| true).await;
    assert_eq!(event.recipients, both);
    assert_eq!(
        event.data, message,
        "the event carries the message as REST returns it"
    );

    let path = format!(
        "/api/v1/conversations/{dm}/messages/{}",
        message["id"].as_str().unwrap()
    );
    let edited: serde_json::Value = app
        .request(
            Method::PATCH,
            &path,
            Some(&ann.access_token),
            Some(json!({"body": "hi, bob"})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        app.wait_for_event("message.updated", |_| true).await.data,
        edited
    );

    app.post(
        &format!("/api/v1/conversations/{dm}/read"),
        Some(&bob.access_token),
        json!({"message_id": message["id"]}),
    )
    .await;
    let read = app.wait_for_event("conversation.read", |_| true).await;
    assert_eq!(read.recipients, both);
    assert_eq!(read.data["user_id"], bob.id.to_string());

    app.request(Method::DELETE, &path, Some(&ann.access_token), None)
        .await;
    let deleted = app.wait_for_event("message.deleted", |_| true).await;
    assert!(deleted.data["body"].is_null());
    assert_eq!(deleted.recipients, both);

    app.request(
        Method::DELETE,
        &format!("/api/v1/friends/{}", bob.id),
        Some(&ann.access_token),
        None,
    )
    .await;
    assert_eq!(
        app.wait_for_event("friend.removed", |_| true)
            .await
            .recipients,
        both
    );

    let second: serde_json::Value = app
        .post(
            "/api/v1/friends/requests",
            Some(&bob.access_token),
            json!({"user_id": ann.id}),
        )
        .await
        .json()
        .await
        .unwrap();
    app.post(
        &format!(
            "/api/v1/friends/requests/{}/decline",
            second["id"].as_str().unwrap()
        ),
        Some(&ann.access_token),
        json!({}),
    )
    .await;
    assert_eq!(
        app.wait_for_event("friend_request.declined", |_| true)
            .await
            .recipients,
        both
    );

    // Each event went to each partition that holds one of its recipients, once.
    let events = app.published_events().await;
    let layout_partitions = |e: &confab_testkit::PublishedEvent| {
        let mut ps: Vec<u16> = e
            .recipients
            .iter()
            .map(|u| (u.as_u128() % u128::from(app.settings.events.partitions)) as u16)
            .collect();
        ps.sort();
        ps.dedup();
        ps.len()
    };
    for event in &events {
        assert_eq!(event.entries, layout_partitions(event), "{}", event.kind);
    }
}

#[tokio::test]
async fn messages_sent_while_redis_is_down_are_published_once_in_order_when_it_returns() {
    let mut redis = RedisServer::start();
    let url = redis.url();
    let app = TestApp::spawn_with(|s| s.redis.url = SecretString::from(url)).await;
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

    let events = app
        .wait_for_events(|events| {
            events
                .iter()
                .filter(|e| e.kind == "message.created")
                .count()
                >= sent.len()
        })
        .await;
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
