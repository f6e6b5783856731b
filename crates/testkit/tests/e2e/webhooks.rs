//! Webhooks. Incoming: a group's URL posts messages as a named integration.
//! Outgoing: events go to a subscribed URL, signed; a 500 is retried; a
//! receiver that keeps failing gets its subscription disabled, and its maker
//! is told. Receivers here are on loopback, which only the test-only
//! `fetch.allow_addresses` allows (the settings refuse it
//! outside dev mode; a story below shows the default refusing it).

use confab_domain::settings::Settings;
use confab_testkit::{TestApp, To, WebhookReceiver, WsClient};
use hmac::{KeyInit, Mac};
use serde_json::json;
use std::time::Duration;

/// Receivers on loopback, deliveries looked for often, retries soon.
fn quick_webhooks(s: &mut Settings) {
    // The receivers listen on 127.0.0.1; nothing else private is allowed.
    s.fetch.allow_addresses = vec!["127.0.0.1".parse().unwrap()];
    s.webhooks.poll_ms = 50;
    s.webhooks.retry_base_ms = 200;
    s.webhooks.retry_max_ms = 400;
}

/// The receiver's side of the signature, written here from the guide
/// (docs/api.md) rather than taken from the server's code.
fn signature_holds(secret: &str, header: &str, body: &[u8]) -> bool {
    let mut timestamp = "";
    let mut signature = "";
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", t)) => timestamp = t,
            Some(("v1", v)) => signature = v,
            _ => {}
        }
    }
    let age = chrono::Utc::now().timestamp() - timestamp.parse::<i64>().unwrap_or(0);
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    age.abs() < 300 && hex::encode(mac.finalize().into_bytes()) == signature
}

#[tokio::test]
async fn an_incoming_webhook_posts_into_its_group_as_a_named_bot() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;

    // Only who may manage webhooks makes them; outsiders do not see the group.
    let refused = app
        .client(&bob)
        .create_incoming_webhook(group.id, json!({"name": "CI"}))
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "missing_permission");
    let carol = app.signup(&TestApp::username("carol")).await;
    let hidden = app.client(&carol).incoming_webhooks(group.id).await;
    assert_eq!(hidden.status, 404);

    let created = app
        .client(&ann)
        .create_incoming_webhook(group.id, json!({"name": "CI builds"}))
        .await;
    assert_eq!(created.status, 201);
    let created = created.ok();
    assert!(created.webhook.user.bot, "an integration shows as a bot");
    assert_eq!(
        created.webhook.user.display_name.as_deref(),
        Some("CI builds")
    );
    assert!(
        created
            .url
            .starts_with(&format!("/api/v1/hooks/{}/", created.webhook.id))
    );

    let mut bob_socket = WsClient::connect(&ws).await;
    bob_socket.identify(&bob.access_token).await;
    let posted = app
        .anonymous()
        .execute_webhook(&created.url, json!({"body": "build 1234 passed"}))
        .await;
    assert_eq!(posted.status, 201);
    let posted = posted.ok();
    assert_eq!(posted.author_id, Some(created.webhook.user.id));
    assert_eq!(posted.conversation_id, group.conversation_id);
    let heard = loop {
        let event = bob_socket.next_event_of("message.created").await;
        if event["data"]["system"].is_null() {
            break event;
        }
    };
    assert_eq!(heard["data"]["body"], "build 1234 passed");
    let history = app.group_history(&bob, &group).await;
    assert_eq!(history.last().unwrap().id, posted.id);

    // A wrong secret, or another id, is not found; a bad body is refused.
    let (base, _secret) = created.url.rsplit_once('/').unwrap();
    let wrong = app
        .anonymous()
        .execute_webhook(&format!("{base}/{}", "0".repeat(64)), json!({"body": "x"}))
        .await;
    assert_eq!(wrong.status, 404);
    let blank = app
        .anonymous()
        .execute_webhook(&created.url, json!({"body": "   "}))
        .await;
    assert_eq!(blank.status, 400);

    // Listed without its URL; deleted, the URL stops working and its account leaves.
    let listed = app
        .client(&ann)
        .incoming_webhooks(group.id)
        .await
        .ok()
        .items;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, created.webhook.id);
    let deleted = app
        .client(&ann)
        .delete_incoming_webhook(group.id, created.webhook.id)
        .await;
    assert_eq!(deleted.status, 204);
    let gone = app
        .anonymous()
        .execute_webhook(&created.url, json!({"body": "still here?"}))
        .await;
    assert_eq!(gone.status, 404);
    let members = app.client(&ann).members(group.id, &[]).await.ok();
    assert!(
        members
            .items
            .iter()
            .all(|m| m.user.id != created.webhook.user.id)
    );
    // What it posted stays.
    let history = app.group_history(&bob, &group).await;
    assert!(history.iter().any(|m| m.id == posted.id));
}

#[tokio::test]
async fn an_outgoing_webhook_delivers_signed_events_and_retries_after_a_500() {
    let app = TestApp::spawn_with(quick_webhooks).await;
    let receiver = WebhookReceiver::start().await;
    receiver.answer_next(&[500]);
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;

    let subscribed = app
        .client(&ann)
        .subscribe_webhook(json!({
            "url": receiver.url(),
            "event_types": ["message.created"],
            "group_id": group.id,
        }))
        .await;
    assert_eq!(subscribed.status, 201);
    let subscribed = subscribed.ok();
    assert!(subscribed.secret.starts_with("whsec_"));
    assert_eq!(subscribed.subscription.group_id, Some(group.id));

    let said = app.say(&bob, group.conversation_id, "hello hooks").await;

    // The first try gets a 500; the retry, after the backoff, a 200.
    let got = receiver.wait_for(2, Duration::from_secs(10)).await;
    let (first, second) = (&got[0], &got[1]);
    for request in [first, second] {
        let header = request.header("confab-signature").expect("signed");
        assert!(
            signature_holds(&subscribed.secret, header, &request.body),
            "the signature verifies"
        );
        assert!(!signature_holds("whsec_wrong", header, &request.body));
        assert_eq!(request.header("confab-event"), Some("message.created"));
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert!(
            request
                .header("user-agent")
                .is_some_and(|ua| ua.starts_with("Confab-Webhooks/"))
        );
    }
    assert_eq!(
        first.header("confab-delivery"),
        second.header("confab-delivery"),
        "a retry is the same delivery"
    );
    assert_eq!(first.header("confab-attempt"), Some("1"));
    assert_eq!(second.header("confab-attempt"), Some("2"));
    let body = second.json();
    assert_eq!(body["type"], "message.created");
    assert_eq!(body["id"], first.header("confab-delivery").unwrap());
    assert_eq!(body["data"]["id"], said.id.to_string());
    assert_eq!(body["data"]["body"], "hello hooks");

    // The log shows both attempts with their statuses and latencies.
    let log = wait_for_delivery_state(&app, &ann, subscribed.subscription.id, "delivered").await;
    assert_eq!(log.attempts.len(), 2);
    assert_eq!(log.attempts[0].status, Some(500));
    assert_eq!(log.attempts[1].status, Some(200));
    assert!(log.attempts.iter().all(|a| a.latency_ms >= 0));

    // A plain member can neither see nor change the group's subscriptions.
    let peek = app.client(&bob).webhook_subscriptions(Some(group.id)).await;
    assert_eq!(peek.status, 403);
    let drop = app
        .client(&bob)
        .delete_webhook_subscription(subscribed.subscription.id)
        .await;
    assert_eq!(drop.status, 403);
}

async fn wait_for_delivery_state(
    app: &TestApp,
    user: &confab_testkit::TestUser,
    subscription: uuid::Uuid,
    state: &str,
) -> confab_domain::webhooks::Delivery {
    for _ in 0..100 {
        let log = app.client(user).webhook_deliveries(subscription).await.ok();
        if let Some(d) = log.items.into_iter().next()
            && serde_json::to_value(d.state).unwrap() == state
        {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no delivery reached {state}");
}

#[tokio::test]
async fn a_webhook_that_keeps_failing_is_disabled_and_its_maker_told() {
    let app = TestApp::spawn_with(|s| {
        quick_webhooks(s);
        s.webhooks.retry_window_secs = 1;
    })
    .await;
    let receiver = WebhookReceiver::start().await;
    receiver.answer_always(500);
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let subscribed = app
        .client(&ann)
        .subscribe_webhook(json!({
            "url": receiver.url(),
            "event_types": ["friend_request.created", "friend_request.accepted"],
        }))
        .await
        .ok();
    assert_eq!(subscribed.subscription.user_id, Some(ann.id));
    let request = app
        .client(&bob)
        .send_friend_request(To::Username(&ann.username))
        .await;
    assert_eq!(request.status, 201);

    // Tried again and again for the window (1 s here, a day by default), then given up.
    let failed = wait_for_delivery_state(&app, &ann, subscribed.subscription.id, "failed").await;
    assert!(failed.attempts.len() >= 2, "{:?}", failed.attempts);
    assert!(failed.attempts.iter().all(|a| a.status == Some(500)));
    let subscription = app
        .client(&ann)
        .webhook_subscriptions(None)
        .await
        .ok()
        .items
        .remove(0);
    assert!(subscription.disabled_at.is_some(), "disabled");
    assert!(
        subscription
            .disabled_reason
            .as_deref()
            .is_some_and(|r| r.contains("500")),
        "{:?}",
        subscription.disabled_reason
    );
    let notices = app.client(&ann).notifications(&[]).await.ok();
    let notice = notices
        .items
        .iter()
        .find(|n| n.kind == "account.webhook_disabled")
        .expect("its maker is told");
    assert_eq!(
        notice.data["subscription_id"],
        subscribed.subscription.id.to_string()
    );

    // Disabled, nothing more is sent; enabled again, new events flow.
    let tries = receiver.received().len();
    receiver.answer_always(200);
    let carol = app.signup(&TestApp::username("carol")).await;
    let carols = app
        .client(&carol)
        .send_friend_request(To::Username(&ann.username))
        .await;
    assert_eq!(carols.status, 201);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        receiver.received().len(),
        tries,
        "nothing goes to a disabled subscription"
    );
    let enabled = app
        .client(&ann)
        .update_webhook_subscription(subscribed.subscription.id, json!({"enabled": true}))
        .await;
    assert_eq!(enabled.status, 200);
    assert!(enabled.ok().disabled_at.is_none());
    let accepted = app.client(&ann).accept_friend_request(carols.ok().id).await;
    assert_eq!(accepted.status, 200);
    let got = receiver.wait_for(tries + 1, Duration::from_secs(10)).await;
    assert_eq!(
        got.last().unwrap().json()["type"],
        "friend_request.accepted"
    );
}

#[tokio::test]
async fn webhook_urls_must_lead_to_public_addresses_and_name_known_events() {
    // Default settings: private destinations are refused.
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let subscribe = |url: &str, types: serde_json::Value| {
        let body = json!({"url": url, "event_types": types});
        let client = app.client(&ann);
        async move { client.subscribe_webhook(body).await }
    };
    for url in [
        "http://127.0.0.1:9/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "http://10.1.2.3/hook",
        "http://0.0.0.0/hook",
        "http://localhost/hook",
    ] {
        let refused = subscribe(url, json!(["message.created"])).await;
        assert_eq!(refused.status, 400, "{url}");
        assert_eq!(refused.code(), "forbidden_destination", "{url}");
    }
    for url in [
        "ftp://example.org/",
        "http://user:pw@example.org/",
        "no url",
    ] {
        let refused = subscribe(url, json!(["message.created"])).await;
        assert_eq!(refused.code(), "invalid_webhook_url", "{url}");
    }
    let unknown = subscribe("http://127.0.0.1:9/hook", json!(["message.exploded"])).await;
    assert_eq!(unknown.code(), "invalid_event_types");

    // A group's subscription takes only the group's own events.
    let group = app.create_group(&ann, "private").await;
    let personal = app
        .client(&ann)
        .subscribe_webhook(json!({
            "url": "http://127.0.0.1:9/hook",
            "event_types": ["notification.created"],
            "group_id": group.id,
        }))
        .await;
    assert_eq!(personal.code(), "invalid_event_types");

    // Managing webhooks needs the token scope for it.
    let token = app
        .client(&ann)
        .create_token(json!({"name": "reader", "scopes": ["read"]}))
        .await
        .ok();
    let scoped = app
        .client_with_token(&token.secret)
        .webhook_subscriptions(None)
        .await;
    assert_eq!(scoped.status, 403);
    assert_eq!(scoped.code(), "insufficient_scope");
}
