//! Link previews: a message's links get previews a moment later (a
//! `message.updated`), read through the public-only fetcher; pages are read
//! once and reused; the author can remove them; a private destination gets no
//! request at all. Pages here are on loopback: only 127.0.0.1 is allowed, by
//! the test-only `fetch.allow_addresses`.

use confab_domain::settings::Settings;
use confab_testkit::{TestApp, TestUser, WsClient};
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
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

/// A page with no title of its own: oEmbed gives it one, and names a picture.
const WATCH: &str = r#"<!doctype html><html><head>
<meta property="og:image" content="/pictures/harbour.jpg">
<link rel="alternate" type="application/json+oembed" href="/oembed?url=watch">
</head><body>a film</body></html>"#;

const OEMBED: &str = r#"{"version":"1.0","type":"video","title":"Harbour at dawn",
"author_name":"Ann Example","provider_name":"Example Tube","thumbnail_url":"/pictures/ignored.jpg",
"html":"<iframe src=\"https://example.org/embed\"></iframe>"}"#;

/// A photo with a GPS position in its EXIF, as a camera writes it.
fn harbour_photo() -> Vec<u8> {
    use img_parts::{ImageEXIF, jpeg::Jpeg};
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(800, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    })
    .write_to(&mut bytes, image::ImageFormat::Jpeg)
    .unwrap();
    let mut jpeg = Jpeg::from_bytes(bytes.into_inner().into()).unwrap();
    jpeg.set_exif(Some(
        b"MM\x00\x2a\x00\x00\x00\x08GPSLatitude 52.5200"
            .to_vec()
            .into(),
    ));
    jpeg.encoder().bytes().to_vec()
}

/// Where the sentinel of the private-picture story listens (on 127.0.0.2).
static SENTINEL_PORT: AtomicU16 = AtomicU16::new(9);

/// What the page server answers for a path: its type and body.
fn answer(path: &str) -> (&'static str, Vec<u8>) {
    match path.split('?').next().unwrap_or_default() {
        "/watch" => ("text/html", WATCH.into()),
        "/oembed" => ("application/json", OEMBED.into()),
        "/pictures/harbour.jpg" => ("image/jpeg", harbour_photo()),
        "/elsewhere" => (
            "text/html",
            format!(
                r#"<title>Far away</title><meta property="og:image" content="http://127.0.0.2:{}/x.jpg">"#,
                SENTINEL_PORT.load(Ordering::SeqCst)
            )
            .into(),
        ),
        _ => ("text/html; charset=utf-8", ARTICLE.into()),
    }
}

/// Serves the pages above on `ip`; counts the requests and keeps their paths.
async fn page_server(ip: &str) -> (u16, Arc<AtomicUsize>, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind((ip, 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let paths = Arc::new(Mutex::new(Vec::new()));
    let (counted, logged) = (hits.clone(), paths.clone());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let logged = logged.clone();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let n = stream.read(&mut buffer).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buffer[..n]);
                let path = request.split(' ').nth(1).unwrap_or("/").to_owned();
                let (kind, body) = answer(&path);
                logged.lock().unwrap().push(path);
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
            });
        }
    });
    (port, hits, paths)
}

/// Ann and Bob, friends with a DM, Bob listening, and a page server on
/// 127.0.0.1; `allowed` is the test-only `fetch.allow_addresses`.
struct Scene {
    app: TestApp,
    port: u16,
    hits: Arc<AtomicUsize>,
    paths: Arc<Mutex<Vec<String>>>,
    ann: TestUser,
    bob: TestUser,
    dm: Uuid,
    bob_socket: WsClient,
}

async fn scene(allowed: &[&str]) -> Scene {
    scene_with(allowed, |_| {}).await
}

async fn scene_with(allowed: &[&str], tune: impl FnOnce(&mut Settings)) -> Scene {
    let allowed: Vec<std::net::IpAddr> = allowed.iter().map(|a| a.parse().unwrap()).collect();
    let mut app = TestApp::spawn_with(|s| {
        s.fetch.allow_addresses = allowed;
        tune(s);
    })
    .await;
    let ws = app.spawn_gateway().await;
    let (port, hits, paths) = page_server("127.0.0.1").await;
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
        paths,
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
        ..
    } = scene(&["127.0.0.1"]).await;

    let link = format!("http://127.0.0.1:{port}/article");
    let sent = app
        .say(&ann, dm, &format!("read **this** {link} tonight"))
        .await;
    assert!(sent.previews.is_empty(), "previews come after the message");
    let updated = update_of(&mut bob_socket, sent.id).await;
    let preview = &updated["previews"][0];
    assert_eq!(preview["url"], link);
    assert_eq!(preview["title"], "Ships & harbours");
    assert_eq!(preview["description"], "A long read about ports.");
    assert_eq!(preview["site_name"], "The Example");
    let history = app.client(&bob).history(dm).await.ok().items;
    assert_eq!(history[0].previews.len(), 1);

    // The same link again: the page is not read twice.
    let again = app.say(&ann, dm, &link).await;
    let reused = update_of(&mut bob_socket, again.id).await;
    assert_eq!(reused["previews"][0]["title"], "Ships & harbours");
    assert_eq!(hits.load(Ordering::SeqCst), 1, "read once, then reused");

    // Only the author removes them, for everyone.
    let not_yours = app.client(&bob).remove_previews(dm, sent.id).await;
    assert_eq!(not_yours.status, 403);
    assert_eq!(not_yours.code(), "not_author");
    let removed = app.client(&ann).remove_previews(dm, sent.id).await;
    assert_eq!(removed.status, 200);
    assert!(removed.ok().previews.is_empty());
    let cleared = update_of(&mut bob_socket, sent.id).await;
    assert_eq!(cleared["previews"], serde_json::json!([]));
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
        ..
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

/// Waits for Bob's `message.updated` of `sent`; returns its data.
async fn update_of(socket: &mut WsClient, sent: Uuid) -> serde_json::Value {
    loop {
        let event = socket.next_event_of("message.updated").await;
        if event["data"]["id"] == sent.to_string() {
            return event["data"].clone();
        }
    }
}

/// Waits for Bob to be told of `sent`'s previews; returns the first.
async fn first_preview(socket: &mut WsClient, sent: Uuid) -> serde_json::Value {
    update_of(socket, sent).await["previews"][0].clone()
}

#[tokio::test]
async fn a_preview_shows_the_pages_picture_as_a_stripped_copy_and_what_its_oembed_says() {
    let Scene {
        app,
        port,
        paths,
        ann,
        bob,
        dm,
        mut bob_socket,
        ..
    } = scene(&["127.0.0.1"]).await;

    let sent = app
        .say(&ann, dm, &format!("http://127.0.0.1:{port}/watch"))
        .await;
    let preview = first_preview(&mut bob_socket, sent.id).await;
    assert_eq!(preview["title"], "Harbour at dawn", "the title oEmbed gave");
    assert_eq!(preview["author_name"], "Ann Example");
    assert_eq!(preview["site_name"], "Example Tube");
    let image: confab_domain::media::Media =
        serde_json::from_value(preview["image"].clone()).expect("a picture");
    assert_eq!(
        (image.kind.as_str(), image.status.as_str()),
        ("image", "ready")
    );
    assert_eq!((image.width, image.height), (Some(800), Some(600)));
    assert!(image.thumbnail_url.is_some());

    // Bob sees the copy kept here: the EXIF is gone, and the page's server saw
    // the picture fetched once, by the server, never by a reader.
    let served = app.get(&image.url, Some(&bob.access_token)).await;
    assert_eq!(served.status(), 200);
    let served = served.bytes().await.unwrap();
    assert!(
        !served.windows(11).any(|w| w == b"GPSLatitude"),
        "EXIF is gone"
    );
    assert!(image::load_from_memory(&served).is_ok());
    let thumbnail = app
        .get(
            image.thumbnail_url.as_deref().unwrap(),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(thumbnail.status(), 200);
    let asked = paths.lock().unwrap().clone();
    assert_eq!(
        asked,
        ["/watch", "/oembed?url=watch", "/pictures/harbour.jpg"],
        "page, oEmbed, picture: once each"
    );
    let history = app.client(&bob).history(dm).await.ok().items;
    assert_eq!(
        history[0].previews[0].image.as_ref().map(|i| i.id),
        Some(image.id)
    );
}

#[tokio::test]
async fn a_picture_at_a_private_address_or_over_the_size_limit_is_not_fetched_and_the_preview_stands()
 {
    let sentinel = TcpListener::bind(("127.0.0.2", 0)).await.unwrap();
    SENTINEL_PORT.store(sentinel.local_addr().unwrap().port(), Ordering::SeqCst);
    let Scene {
        app,
        port,
        ann,
        dm,
        mut bob_socket,
        ..
    } = scene_with(&["127.0.0.1"], |s| s.media.image_max_bytes = 10_000).await;

    // The page names a picture on 127.0.0.2, which is not allowed.
    let far = app
        .say(&ann, dm, &format!("http://127.0.0.1:{port}/elsewhere"))
        .await;
    let preview = first_preview(&mut bob_socket, far.id).await;
    assert_eq!(preview["title"], "Far away");
    assert_eq!(preview["image"], serde_json::Value::Null);
    let reached = tokio::time::timeout(Duration::from_millis(200), sentinel.accept()).await;
    assert!(reached.is_err(), "the private address was connected to");

    // The picture is larger than an image upload may be here.
    let large = app
        .say(&ann, dm, &format!("http://127.0.0.1:{port}/watch"))
        .await;
    let preview = first_preview(&mut bob_socket, large.id).await;
    assert_eq!(preview["title"], "Harbour at dawn");
    assert_eq!(preview["image"], serde_json::Value::Null);
}
