//! Link previews: a message's links get previews a moment later (a
//! `message.updated`), read through the public-only fetcher; pages are read
//! once and reused; the author can remove them; a private destination gets no
//! request at all. Pages here are on loopback: only 127.0.0.1 is allowed, by
//! the test-only `fetch.allow_addresses`.

use confab_testkit::{TestApp, TestUser, WsClient};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use uuid::Uuid;

const ARTICLE: &str = r#"<!doctype html><html><head>
<title>fallback</title>
<meta property="og:title" content="Ships &amp; harbours">
<meta property="og:description" content="A long read about ports.">
<meta property="og:site_name" content="The Example">
</head><body>hello</body></html>"#;

/// Serves `ARTICLE` on `ip` and counts the requests.
async fn page_server(ip: &str) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind((ip, 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer).await;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{ARTICLE}",
                    ARTICLE.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    (port, hits)
}

/// Ann and Bob, friends with a DM, Bob listening, and a page server on
/// 127.0.0.1; `allowed` is the test-only `fetch.allow_addresses`.
struct Scene {
    app: TestApp,
    port: u16,
    hits: Arc<AtomicUsize>,
    ann: TestUser,
    bob: TestUser,
    dm: Uuid,
    bob_socket: WsClient,
}

async fn scene(allowed: &[&str]) -> Scene {
    let allowed: Vec<std::net::IpAddr> = allowed.iter().map(|a| a.parse().unwrap()).collect();
    let mut app = TestApp::spawn_with(|s| s.fetch.allow_addresses = allowed).await;
    let ws = app.spawn_gateway().await;
    let (port, hits) = page_server("127.0.0.1").await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let mut bob_socket = WsClient::connect(&ws).await;
    bob_socket.identify(&bob.access_token).await;
    Scene {
        app,
        port,
        hits,
        ann,
        bob,
        dm,
        bob_socket,
    }
}

/// Reads Bob's events up to the `marker` message, failing on an update of `sent`.
async fn no_update_before(socket: &mut WsClient, sent: Uuid, marker: Uuid, why: &str) {
    loop {
        let event = socket.next_event().await;
        assert!(
            !(event["type"] == "message.updated" && event["data"]["id"] == sent.to_string()),
            "{why}"
        );
        if event["type"] == "message.created" && event["data"]["id"] == marker.to_string() {
            break;
        }
    }
}

#[tokio::test]
async fn a_link_gets_a_preview_live_read_once_and_its_author_can_remove_it() {
    let Scene {
        app,
        port,
        hits,
        ann,
        bob,
        dm,
        mut bob_socket,
    } = scene(&["127.0.0.1"]).await;

    let link = format!("http://127.0.0.1:{port}/article");
    let sent = app
        .say(&ann, dm, &format!("read **this** {link} tonight"))
        .await;
    assert!(sent.previews.is_empty(), "previews come after the message");
    let updated = loop {
        let event = bob_socket.next_event_of("message.updated").await;
        if event["data"]["id"] == sent.id.to_string() {
            break event;
        }
    };
    let preview = &updated["data"]["previews"][0];
    assert_eq!(preview["url"], link);
    assert_eq!(preview["title"], "Ships & harbours");
    assert_eq!(preview["description"], "A long read about ports.");
    assert_eq!(preview["site_name"], "The Example");
    let history = app.client(&bob).history(dm).await.ok().items;
    assert_eq!(history[0].previews.len(), 1);

    // The same link again: the page is not read twice.
    let again = app.say(&ann, dm, &link).await;
    loop {
        let event = bob_socket.next_event_of("message.updated").await;
        if event["data"]["id"] == again.id.to_string() {
            assert_eq!(event["data"]["previews"][0]["title"], "Ships & harbours");
            break;
        }
    }
    assert_eq!(hits.load(Ordering::SeqCst), 1, "read once, then reused");

    // Only the author removes them, for everyone.
    let not_yours = app.client(&bob).remove_previews(dm, sent.id).await;
    assert_eq!(not_yours.status, 403);
    assert_eq!(not_yours.code(), "not_author");
    let removed = app.client(&ann).remove_previews(dm, sent.id).await;
    assert_eq!(removed.status, 200);
    assert!(removed.ok().previews.is_empty());
    loop {
        let event = bob_socket.next_event_of("message.updated").await;
        if event["data"]["id"] == sent.id.to_string() {
            assert_eq!(event["data"]["previews"], serde_json::json!([]));
            break;
        }
    }
}

#[tokio::test]
async fn a_link_to_a_private_address_gets_no_request_and_no_preview() {
    // Default settings: nothing private is reachable.
    let Scene {
        app,
        port,
        hits,
        ann,
        bob,
        dm,
        mut bob_socket,
    } = scene(&[]).await;

    let sent = app
        .say(
            &ann,
            dm,
            &format!("http://127.0.0.1:{port}/ and http://localhost:{port}/x and http://[::ffff:127.0.0.1]:{port}/"),
        )
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let marker = app.say(&ann, dm, "marker").await;
    no_update_before(
        &mut bob_socket,
        sent.id,
        marker.id,
        "no preview for a private address",
    )
    .await;
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the page server was reached"
    );
    let history = app.client(&bob).history(dm).await.ok().items;
    assert!(history.iter().all(|m| m.previews.is_empty()));
}

#[tokio::test]
async fn a_sender_who_turned_previews_off_gets_none() {
    let Scene {
        app,
        port,
        hits,
        ann,
        dm,
        mut bob_socket,
        ..
    } = scene(&["127.0.0.1"]).await;
    let me = app
        .client(&ann)
        .update_me(serde_json::json!({"link_previews": false}))
        .await
        .ok();
    assert!(!me.link_previews);

    let sent = app
        .say(&ann, dm, &format!("http://127.0.0.1:{port}/article"))
        .await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let marker = app.say(&ann, dm, "marker").await;
    no_update_before(
        &mut bob_socket,
        sent.id,
        marker.id,
        "no preview when its sender turned them off",
    )
    .await;
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}
