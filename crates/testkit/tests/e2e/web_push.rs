//! Web Push against a push service on loopback: the push arrives encrypted for
//! the browser's keys (RFC 8291, decrypted here with the subscription's
//! private key) and signed with the server's VAPID key (RFC 8292, verified
//! here); a 500 is retried; a muted conversation causes no push; a 410 ends
//! the subscription; logging out ends it too.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration as Span, Utc};
use confab_testkit::{TestApp, TestUser};
use p256::ecdsa::signature::Verifier;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A request the push service received.
#[derive(Debug)]
struct Received {
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A push service on 127.0.0.1 answering each request with the next queued
/// status (201 once the queue is empty).
async fn push_service() -> (
    u16,
    mpsc::UnboundedReceiver<Received>,
    Arc<Mutex<VecDeque<u16>>>,
) {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    let answers = Arc::new(Mutex::new(VecDeque::new()));
    let queued = answers.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (tx, queued) = (tx.clone(), queued.clone());
            tokio::spawn(async move {
                let mut raw = Vec::new();
                let mut buffer = [0u8; 8192];
                let (head_end, length) = loop {
                    let n = stream.read(&mut buffer).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    raw.extend_from_slice(&buffer[..n]);
                    if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse().unwrap_or(0));
                        break (end + 4, length);
                    }
                };
                while raw.len() < head_end + length {
                    let n = stream.read(&mut buffer).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    raw.extend_from_slice(&buffer[..n]);
                }
                let head = String::from_utf8_lossy(&raw[..head_end]).to_string();
                let mut lines = head.lines();
                let path = lines
                    .next()
                    .unwrap_or_default()
                    .split(' ')
                    .nth(1)
                    .unwrap_or("")
                    .to_owned();
                let headers = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                    .collect();
                let status = queued.lock().unwrap().pop_front().unwrap_or(201);
                let _ = tx.send(Received {
                    path,
                    headers,
                    body: raw[head_end..].to_vec(),
                });
                let answer = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    (port, rx, answers)
}

/// A browser's side of a subscription: its keys, to decrypt what arrives.
struct Browser {
    keys: Box<dyn ece::crypto::LocalKeyPair>,
    auth: Vec<u8>,
}

impl Browser {
    fn new() -> Self {
        let (keys, auth) = ece::generate_keypair_and_auth_secret().unwrap();
        Self {
            keys,
            auth: auth.to_vec(),
        }
    }

    fn subscription(&self, endpoint: &str) -> Value {
        json!({
            "endpoint": endpoint,
            "keys": {
                "p256dh": URL_SAFE_NO_PAD.encode(self.keys.pub_as_raw().unwrap()),
                "auth": URL_SAFE_NO_PAD.encode(&self.auth),
            }
        })
    }

    fn open(&self, push: &Received) -> Value {
        let components = self.keys.raw_components().unwrap();
        let plain = ece::decrypt(&components, &self.auth, &push.body)
            .expect("decrypts with the subscription's keys");
        serde_json::from_slice(&plain).unwrap()
    }
}

/// Checks `Authorization: vapid t=<JWT>, k=<key>`: signed by `public_key`
/// (ES256) for the push service's origin.
fn assert_vapid(push: &Received, public_key: &str, origin: &str) {
    let authorization = push.header("authorization").expect("a VAPID header");
    let rest = authorization
        .strip_prefix("vapid ")
        .expect("the vapid scheme");
    let field = |name: &str| {
        rest.split(',')
            .map(str::trim)
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_owned()
    };
    let (token, key) = (field("t"), field("k"));
    assert_eq!(key, public_key, "k is the server's public key");
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let verifier =
        p256::ecdsa::VerifyingKey::from_sec1_bytes(&URL_SAFE_NO_PAD.decode(&key).unwrap()).unwrap();
    let signature =
        p256::ecdsa::Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap()).unwrap();
    verifier
        .verify(signed.as_bytes(), &signature)
        .expect("a valid ES256 signature");
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(signed.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["aud"], origin);
    assert!(claims["exp"].as_i64().unwrap() > Utc::now().timestamp());
    assert!(claims["sub"].as_str().is_some_and(|s| !s.is_empty()));
}

/// Waits (10 s at most) until `table` is empty: the worker has handled every push.
async fn until_none_left(app: &TestApp, table: &str, why: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while app
        .count_rows(&format!("SELECT count(*) AS n FROM {table}"))
        .await
        > 0
    {
        assert!(std::time::Instant::now() < deadline, "{why}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn next_push(pushes: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(15), pushes.recv())
        .await
        .expect("a push within 15 s")
        .expect("the push service runs")
}

struct Scene {
    app: TestApp,
    ann: TestUser,
    bob: TestUser,
    dm: uuid::Uuid,
    port: u16,
    pushes: mpsc::UnboundedReceiver<Received>,
    answers: Arc<Mutex<VecDeque<u16>>>,
    browser: Browser,
    public_key: String,
}

async fn scene() -> Scene {
    let (private, _) = confab_domain::push::generate_keys().unwrap();
    let app = TestApp::spawn_with(|s| {
        s.push.vapid_private_key = private.into();
        s.push.poll_ms = 100;
        s.push.retry_base_ms = 300;
        s.fetch.allow_addresses = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let (port, pushes, answers) = push_service().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let key = app.client(&bob).vapid_key().await.ok();
    let public_key = key["public_key"].as_str().unwrap().to_owned();
    let browser = Browser::new();
    let subscribed = app
        .client(&bob)
        .push_subscribe(browser.subscription(&format!("http://127.0.0.1:{port}/push/bob")))
        .await;
    assert_eq!(subscribed.status, 201);
    Scene {
        app,
        ann,
        bob,
        dm,
        port,
        pushes,
        answers,
        browser,
        public_key,
    }
}

#[tokio::test]
async fn a_dm_arrives_as_an_encrypted_signed_push_and_a_500_is_retried() {
    let mut s = scene().await;
    s.answers.lock().unwrap().push_back(500);
    let sent = s
        .app
        .client(&s.ann)
        .say(s.dm, "are you coming tonight?")
        .await
        .ok();

    let failed = next_push(&mut s.pushes).await;
    let retried = next_push(&mut s.pushes).await;
    for push in [&failed, &retried] {
        assert_eq!(push.path, "/push/bob");
        assert_eq!(push.header("content-encoding"), Some("aes128gcm"));
        assert!(push.header("ttl").is_some());
        assert_vapid(push, &s.public_key, &format!("http://127.0.0.1:{}", s.port));
    }
    let content = s.browser.open(&retried);
    assert_eq!(content["type"], "message");
    assert_eq!(content["conversation_id"], s.dm.to_string());
    assert_eq!(content["message_id"], sent.id.to_string());
    assert_eq!(
        content["url"],
        format!("/chats/{}?message={}", s.dm, sent.id)
    );
    assert!(!content["title"].as_str().unwrap().is_empty());
    assert_eq!(
        content["body"], "New message",
        "no words without previews allowed"
    );
    assert!(
        !String::from_utf8_lossy(&retried.body).contains("coming"),
        "the body is encrypted"
    );
}

#[tokio::test]
async fn a_muted_conversation_pushes_nothing_and_a_410_ends_the_subscription() {
    let mut s = scene().await;
    let hour = Utc::now() + Span::hours(1);
    s.app
        .client(&s.bob)
        .set_notifications(
            s.dm,
            json!({"level": "all", "muted": true, "muted_until": hour}),
        )
        .await
        .ok();
    let muted = s.app.client(&s.ann).say(s.dm, "muted one").await.ok();
    // Published while muted: the relay owes Bob no push for it.
    s.app
        .wait_for_event("message.created", |e| e.data["id"] == muted.id.to_string())
        .await;
    assert_eq!(
        s.app
            .count_rows("SELECT count(*) AS n FROM push_deliveries")
            .await,
        0
    );
    s.app
        .client(&s.bob)
        .set_notifications(s.dm, json!({"level": "all"}))
        .await
        .ok();
    let heard = s.app.client(&s.ann).say(s.dm, "heard one").await.ok();
    let first = next_push(&mut s.pushes).await;
    assert_eq!(
        s.browser.open(&first)["message_id"],
        heard.id.to_string(),
        "the muted message pushed nothing"
    );

    // The push service forgets the browser: 410, and the subscription is gone.
    s.answers.lock().unwrap().push_back(410);
    s.app.client(&s.ann).say(s.dm, "gone").await.ok();
    let gone = next_push(&mut s.pushes).await;
    assert_eq!(gone.path, "/push/bob");
    s.app.client(&s.ann).say(s.dm, "after").await.ok();
    let more = tokio::time::timeout(Duration::from_secs(2), s.pushes.recv()).await;
    assert!(more.is_err(), "a push after the 410");
    let again = s
        .app
        .client(&s.bob)
        .push_unsubscribe(&format!("http://127.0.0.1:{}/push/bob", s.port))
        .await;
    assert_eq!(again.status, 404, "the subscription was deleted");
}

#[tokio::test]
async fn subscribing_is_refused_without_a_key_for_bad_keys_and_private_endpoints() {
    let app = TestApp::spawn().await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let browser = Browser::new();
    let off = app
        .client(&bob)
        .push_subscribe(browser.subscription("https://push.example.org/x"))
        .await;
    assert_eq!(off.status, 403);
    assert_eq!(off.code(), "push_disabled");

    let s = scene().await;
    let mut bad = s.browser.subscription("http://127.0.0.1:9/x");
    bad["keys"]["p256dh"] = json!("AAAA");
    let refused = s.app.client(&s.bob).push_subscribe(bad).await;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.code(), "invalid_push_subscription");
    let private = s
        .app
        .client(&s.bob)
        .push_subscribe(s.browser.subscription("http://10.0.0.1/x"))
        .await;
    assert_eq!(private.status, 400);
    assert_eq!(private.code(), "forbidden_destination");
}

#[tokio::test]
async fn no_push_while_a_tab_is_showing_and_one_once_it_is_hidden_or_closed() {
    let mut s = scene().await;
    let gateway = s.app.spawn_gateway().await;
    let mut tab = confab_testkit::WsClient::connect(&gateway).await;
    tab.identify(&s.bob.access_token).await;
    tab.send_json(json!({"op": "visibility", "visible": true}))
        .await;
    // The ping's pong comes after the visibility frame was handled.
    tab.send_json(json!({"op": "ping"})).await;
    tab.recv_reply().await;

    s.app.client(&s.ann).say(s.dm, "seen in the tab").await.ok();
    tab.next_event_of("message.created").await;
    // The worker has looked at that push (and dropped it) before the tab hides.
    until_none_left(&s.app, "push_deliveries", "the push was never handled").await;
    tab.send_json(json!({"op": "visibility", "visible": false}))
        .await;
    tab.send_json(json!({"op": "ping"})).await;
    tab.recv_reply().await;
    let hidden = s.app.client(&s.ann).say(s.dm, "tab hidden").await.ok();
    let push = next_push(&mut s.pushes).await;
    assert_eq!(
        s.browser.open(&push)["message_id"],
        hidden.id.to_string(),
        "no push while the tab showed"
    );

    // Shown again, then the socket closes: closing counts as hidden.
    tab.send_json(json!({"op": "visibility", "visible": true}))
        .await;
    tab.send_json(json!({"op": "ping"})).await;
    tab.recv_reply().await;
    drop(tab);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let closed = s.app.client(&s.ann).say(s.dm, "tab closed").await.ok();
    let push = next_push(&mut s.pushes).await;
    assert_eq!(s.browser.open(&push)["message_id"], closed.id.to_string());
}

#[tokio::test]
async fn logging_out_ends_the_browsers_subscription() {
    let mut s = scene().await;
    let out = s.app.client(&s.bob).logout(&s.bob.refresh_token).await;
    assert_eq!(out.status, 204);
    s.app.client(&s.ann).say(s.dm, "after logout").await.ok();
    let pushed = tokio::time::timeout(Duration::from_secs(2), s.pushes.recv()).await;
    assert!(pushed.is_err(), "a push to a logged-out browser");
    until_none_left(
        &s.app,
        "push_subscriptions",
        "the subscription outlived its login",
    )
    .await;
}

#[tokio::test]
async fn do_not_disturb_holds_pushes_back_and_previews_show_the_words_when_allowed() {
    let mut s = scene().await;
    let me = s
        .app
        .client(&s.bob)
        .update_me(json!({
            "push_previews": true,
            "do_not_disturb": {"until": Utc::now() + Span::hours(1), "quiet_hours": null}
        }))
        .await
        .ok();
    assert!(me.push_previews);
    assert!(me.do_not_disturb.until.is_some());
    let quiet = s
        .app
        .client(&s.ann)
        .say(s.dm, "during do not disturb")
        .await
        .ok();
    s.app
        .wait_for_event("message.created", |e| e.data["id"] == quiet.id.to_string())
        .await;
    until_none_left(&s.app, "push_deliveries", "the push was never handled").await;

    // Quiet hours are checked; then do not disturb is turned off.
    let refused = s
        .app
        .client(&s.bob)
        .update_me(json!({"do_not_disturb": {"until": null, "quiet_hours": {"start": "22:00", "end": "07:00", "time_zone": "Mars/Olympus"}}}))
        .await;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.code(), "invalid_quiet_hours");
    let cleared = s
        .app
        .client(&s.bob)
        .update_me(json!({"do_not_disturb": {"until": null, "quiet_hours": null}}))
        .await
        .ok();
    assert_eq!(cleared.do_not_disturb.until, None);
    let heard = s.app.client(&s.ann).say(s.dm, "**bold** words").await.ok();
    let push = next_push(&mut s.pushes).await;
    let content = s.browser.open(&push);
    assert_eq!(
        content["message_id"],
        heard.id.to_string(),
        "nothing pushed during do not disturb"
    );
    assert_eq!(content["body"], "bold words", "the words, as plain text");
}

#[tokio::test]
async fn a_thread_reply_pushes_its_followers_once_and_others_not_at_all() {
    let mut s = scene().await;
    let ann = s.app.client(&s.ann);
    let root = ann.say(s.dm, "the plan for Saturday").await.ok();
    let unfollowed = ann
        .reply_in_thread(s.dm, root.id, "first thought")
        .await
        .ok();
    // Bob does not take part yet: the reply owes him nothing.
    s.app
        .wait_for_event("message.created", |e| {
            e.data["id"] == unfollowed.id.to_string()
        })
        .await;
    until_none_left(&s.app, "push_deliveries", "the root's push is sent").await;
    let root_push = next_push(&mut s.pushes).await;
    assert_eq!(
        s.browser.open(&root_push)["message_id"],
        root.id.to_string()
    );
    assert_eq!(
        s.app
            .count_rows("SELECT count(*) AS n FROM push_deliveries")
            .await,
        0,
        "no push for a thread Bob does not follow"
    );

    s.app
        .client(&s.bob)
        .follow_thread(s.dm, root.id, true)
        .await
        .ok();
    let followed = ann
        .reply_in_thread(s.dm, root.id, "second thought")
        .await
        .ok();
    let push = next_push(&mut s.pushes).await;
    let content = s.browser.open(&push);
    assert_eq!(content["type"], "thread_reply");
    assert_eq!(content["message_id"], followed.id.to_string());
    assert_eq!(
        content["url"],
        format!("/chats/{}?thread={}&message={}", s.dm, root.id, followed.id)
    );
    assert_eq!(content["body"], "Replied in a thread");
    let more = tokio::time::timeout(Duration::from_secs(2), s.pushes.recv()).await;
    assert!(
        more.is_err(),
        "one push per reply, not a second for the message"
    );
}
