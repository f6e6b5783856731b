//! Media: what is accepted (by content), what is refused (type, size), who may
//! fetch it, ranges, thumbnails made off the request path, EXIF stripping,
//! attachments, and the clean-up of uploads nobody used.

//!
//! Uploads, downloads, ranges and thumbnails are bytes, so they stay raw
//! requests (`TestApp::upload` and GETs of a medium's URL); everything JSON goes
//! through the typed client.

use confab_domain::media::Media;
use confab_testkit::{TestApp, TestUser, error_code};
use image::{ImageFormat, RgbImage};
use serde_json::json;
use std::io::Cursor;
use std::time::{Duration, Instant};

fn encode(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    // Noise, so the file has real size and nothing compresses it away.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let image = RgbImage::from_fn(width, height, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        image::Rgb([seed as u8, (seed >> 8) as u8, (seed >> 16) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

/// An MP3 frame header after an ID3 tag: what players and sniffers look for.
fn mp3() -> Vec<u8> {
    let mut bytes = b"ID3\x04\x00\x00\x00\x00\x00\x00".to_vec();
    for _ in 0..20 {
        bytes.extend_from_slice(&[0xff, 0xfb, 0x90, 0x64]);
        bytes.extend(std::iter::repeat_n(0u8, 413));
    }
    bytes
}

fn ogg() -> Vec<u8> {
    let mut bytes = b"OggS\x00\x02".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 2000));
    bytes
}

fn mp4() -> Vec<u8> {
    let mut bytes = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 2000));
    bytes
}

fn webm() -> Vec<u8> {
    let mut bytes = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 2000));
    bytes
}

async fn users(app: &TestApp) -> (TestUser, TestUser, TestUser) {
    (
        app.signup(&TestApp::username("ann")).await,
        app.signup(&TestApp::username("bob")).await,
        app.signup(&TestApp::username("eve")).await,
    )
}

/// Every file under the test's media directory, temporaries included.
fn stored_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&app.settings.media.dir, &mut files);
    files
}

#[tokio::test]
async fn each_kind_is_recognised_by_content() {
    let app = TestApp::spawn().await;
    let (ann, _, _) = users(&app).await;
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "a.png",
            encode(40, 30, ImageFormat::Png),
            "image",
            "image/png",
        ),
        (
            "a.jpg",
            encode(40, 30, ImageFormat::Jpeg),
            "image",
            "image/jpeg",
        ),
        ("song.bin", mp3(), "audio", "audio/mpeg"),
        ("voice", ogg(), "audio", "audio/ogg"),
        ("clip.dat", mp4(), "video", "video/mp4"),
        ("clip.webm", webm(), "video", "video/webm"),
    ];
    for (name, bytes, kind, mime) in cases {
        let size = bytes.len();
        let media = app.upload_ok(&ann, name, bytes).await;
        assert_eq!(media.kind, kind, "{name}");
        assert_eq!(media.mime, mime, "{name}");
        assert_eq!(media.size, size as i64, "{name}");
        assert_eq!(media.sha256.len(), 64);
        let done = app.processed(&ann, media.id).await;
        if kind == "image" {
            assert_eq!((done.width, done.height), (Some(40), Some(30)));
            assert!(done.thumbnail_url.is_some());
        }
    }
}

#[tokio::test]
async fn a_script_named_png_is_refused_and_oversized_uploads_leave_nothing() {
    let app = TestApp::spawn_with(|s| s.media.image_max_bytes = 50_000).await;
    let (ann, _, _) = users(&app).await;
    let script = b"#!/bin/sh\nrm -rf / --no-preserve-root\n".repeat(20);
    let refused = app.upload(&ann, "cute.png", "image/png", script).await;
    assert_eq!(refused.status(), 415);
    assert_eq!(error_code(refused).await, "unsupported_media_type");

    let big = encode(400, 400, ImageFormat::Png);
    assert!(big.len() > 50_000);
    let too_large = app.upload(&ann, "big.png", "image/png", big).await;
    assert_eq!(too_large.status(), 413);
    assert_eq!(error_code(too_large).await, "file_too_large");
    assert_eq!(
        stored_files(&app),
        Vec::<std::path::PathBuf>::new(),
        "no partial file is kept"
    );

    // A hostile name changes nothing about where the file goes.
    let media = app
        .upload(
            &ann,
            "../../../../tmp/evil.png",
            "image/png",
            encode(8, 8, ImageFormat::Png),
        )
        .await;
    assert_eq!(media.status(), 201);
    let media: Media = media.json().await.unwrap();
    let files = stored_files(&app);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with(&app.settings.media.dir));
    assert!(files[0].ends_with(media.id.to_string()));
}

#[tokio::test]
async fn media_is_visible_to_the_uploader_and_the_conversation_only() {
    let app = TestApp::spawn().await;
    let (ann, bob, eve) = users(&app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let bytes = mp3();
    let media = app.upload_ok(&ann, "song.mp3", bytes.clone()).await;
    let url = media.url.clone();
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));

    let own = app.get(&url, Some(&ann.access_token)).await;
    assert_eq!(own.status(), 200);
    assert_eq!(own.bytes().await.unwrap().to_vec(), bytes);
    assert_eq!(
        app.get(&url, Some(&bob.access_token)).await.status(),
        404,
        "not shared yet"
    );

    // Someone else's upload cannot be attached.
    let stolen = bob_speaks
        .send_message(dm, json!({"body": "mine now", "attachments": [media.id]}))
        .await;
    assert_eq!(stolen.status, 403);
    assert_eq!(stolen.code(), "not_your_upload");

    let sent = ann_speaks
        .send_message(dm, json!({"attachments": [media.id]}))
        .await;
    assert_eq!(sent.status, 201);
    let sent = sent.ok();
    assert_eq!(sent.attachments[0].id, media.id);
    assert_eq!(sent.body.as_deref(), Some(""));
    let history = bob_speaks.history(dm).await.ok();
    assert_eq!(history.items[0].attachments[0].id, media.id);

    assert_eq!(
        app.get(&url, Some(&bob.access_token)).await.status(),
        200,
        "shared with bob"
    );
    let by_query = app
        .get(&format!("{url}?access_token={}", bob.access_token), None)
        .await;
    assert_eq!(by_query.status(), 401, "never a token in the URL");
    // <audio src> sends the media cookie instead. Raw: the Set-Cookie header
    // is the point, and the client reads only bodies.
    let session = app
        .post("/api/v1/media/session", Some(&bob.access_token), json!({}))
        .await;
    assert_eq!(session.status(), 204);
    let cookie = session.headers()["set-cookie"].to_str().unwrap().to_owned();
    let by_cookie = app
        .client
        .get(app.url(&url))
        .header("cookie", cookie.split(';').next().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(by_cookie.status(), 200, "<audio src> with the media cookie");
    let eves = app
        .post("/api/v1/media/session", Some(&eve.access_token), json!({}))
        .await;
    let eves = eves.headers()["set-cookie"].to_str().unwrap().to_owned();
    let outsider_cookie = app
        .client
        .get(app.url(&url))
        .header("cookie", eves.split(';').next().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        outsider_cookie.status(),
        404,
        "the cookie proves who, not what"
    );
    let outsider = app.get(&url, Some(&eve.access_token)).await;
    assert_eq!(outsider.status(), 404);
    assert_eq!(error_code(outsider).await, "not_found");

    // Deleting the message takes it out of bob's reach again.
    let deleted = ann_speaks.delete_message(dm, sent.id).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(app.get(&url, Some(&bob.access_token)).await.status(), 404);
}

#[tokio::test]
async fn ranges_are_served_for_seeking() {
    let app = TestApp::spawn().await;
    let (ann, _, _) = users(&app).await;
    let bytes = mp4();
    let media = app.upload_ok(&ann, "clip.mp4", bytes.clone()).await;
    let response = app
        .client
        .get(app.url(&media.url))
        .bearer_auth(&ann.access_token)
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 206);
    assert_eq!(response.headers()["content-type"], "video/mp4");
    assert!(
        response.headers()["content-range"]
            .to_str()
            .unwrap()
            .starts_with("bytes 0-99/")
    );
    assert_eq!(
        response.bytes().await.unwrap().to_vec(),
        bytes[..100].to_vec()
    );
}

#[tokio::test]
async fn large_photos_are_thumbnailed_off_the_request_path() {
    let app = TestApp::spawn_with(|s| s.media.thumbnail_px = 200).await;
    let (ann, _, _) = users(&app).await;
    let photo = encode(3000, 2000, ImageFormat::Jpeg);
    let media = app.upload_ok(&ann, "big.jpg", photo).await;
    assert_eq!(
        media.status, "processing",
        "the upload does not wait for the thumbnail"
    );

    // Meanwhile the API answers at once.
    let speaks = app.client(&ann);
    for _ in 0..10 {
        let started = Instant::now();
        assert_eq!(speaks.me().await.ok().profile.id, ann.id);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "took {:?}",
            started.elapsed()
        );
    }
    let done = app.processed(&ann, media.id).await;
    assert_eq!(done.status, "ready");
    assert_eq!((done.width, done.height), (Some(3000), Some(2000)));
    let thumbnail_url = done.thumbnail_url.expect("a thumbnail");
    let thumb = app.get(&thumbnail_url, Some(&ann.access_token)).await;
    assert_eq!(thumb.status(), 200);
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    let thumb = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (200, 133));
}

#[tokio::test]
async fn location_metadata_is_stripped_from_served_photos() {
    use img_parts::{ImageEXIF, jpeg::Jpeg};
    let app = TestApp::spawn().await;
    let (ann, _, _) = users(&app).await;
    let mut jpeg = Jpeg::from_bytes(encode(64, 48, ImageFormat::Jpeg).into()).unwrap();
    let exif = b"MM\x00\x2a\x00\x00\x00\x08GPSLatitude 52.5200 GPSLongitude 13.4050".to_vec();
    jpeg.set_exif(Some(exif.into()));
    let with_exif = jpeg.encoder().bytes().to_vec();
    assert!(with_exif.windows(11).any(|w| w == b"GPSLatitude"));

    let media = app.upload_ok(&ann, "holiday.jpg", with_exif).await;
    let served = app.get(&media.url, Some(&ann.access_token)).await;
    let served = served.bytes().await.unwrap();
    assert!(
        !served.windows(11).any(|w| w == b"GPSLatitude"),
        "EXIF is gone"
    );
    assert!(
        image::load_from_memory(&served).is_ok(),
        "still a valid JPEG"
    );
    assert_eq!(media.size, served.len() as i64);
}

#[tokio::test]
async fn uploads_nobody_attached_are_cleaned_up() {
    let app = TestApp::spawn_with(|s| {
        s.media.orphan_ttl_secs = 1;
        s.media.cleanup_interval_secs = 1;
    })
    .await;
    let (ann, bob, _) = users(&app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let orphan = app.upload_ok(&ann, "a.ogg", ogg()).await;
    let kept = app.upload_ok(&ann, "b.ogg", ogg()).await;
    let ann_speaks = app.client(&ann);
    let sent = ann_speaks
        .send_message(dm, json!({"body": "listen", "attachments": [kept.id]}))
        .await;
    assert_eq!(sent.status, 201);
    assert_eq!(sent.ok().attachments[0].id, kept.id);

    let deadline = Instant::now() + Duration::from_secs(15);
    let gone = loop {
        let info = ann_speaks.media_info(orphan.id).await;
        if info.status == 404 {
            break info;
        }
        assert!(Instant::now() < deadline, "the orphan was never removed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(gone.code(), "not_found");
    assert_eq!(
        stored_files(&app).len(),
        1,
        "only the attached file is left"
    );
    assert_eq!(
        app.get(&kept.url, Some(&bob.access_token)).await.status(),
        200
    );
}

#[tokio::test]
async fn avatars_and_group_photos_are_image_uploads_anyone_may_see() {
    let app = TestApp::spawn().await;
    let (ann, bob, _) = users(&app).await;
    let picture = app
        .upload_ok(&ann, "me.png", encode(32, 32, ImageFormat::Png))
        .await;
    let song = app.upload_ok(&ann, "song.mp3", mp3()).await;
    let ann_speaks = app.client(&ann);
    let not_image = ann_speaks
        .update_me(json!({"avatar_media_id": song.id}))
        .await;
    assert_eq!(not_image.status, 403);
    assert_eq!(not_image.code(), "invalid_picture");
    let me = ann_speaks
        .update_me(json!({"avatar_media_id": picture.id}))
        .await;
    assert_eq!(me.status, 200);
    let avatar = me.ok().profile.avatar_url.expect("an avatar");
    let seen = app.client(&bob).user(ann.id).await.ok();
    assert_eq!(seen.avatar_url.as_deref(), Some(avatar.as_str()));
    assert_eq!(
        app.get(&avatar, Some(&bob.access_token)).await.status(),
        200,
        "avatars are public"
    );

    let group = app.create_group(&ann, "private").await;
    let photo = app
        .upload_ok(&ann, "group.png", encode(32, 32, ImageFormat::Png))
        .await;
    let updated = ann_speaks
        .update_group(group.id, json!({"photo_media_id": photo.id}))
        .await;
    assert_eq!(updated.status, 200);
    let photo_url = updated.ok().group.photo_url.expect("a photo");
    assert_eq!(
        app.get(&photo_url, Some(&bob.access_token)).await.status(),
        404,
        "a private group's photo"
    );
    let bob_photo = app
        .upload_ok(&bob, "x.png", encode(8, 8, ImageFormat::Png))
        .await;
    let theirs = ann_speaks
        .update_group(group.id, json!({"photo_media_id": bob_photo.id}))
        .await;
    assert_eq!(theirs.status, 403, "only your own uploads");
    assert_eq!(theirs.code(), "invalid_picture");
    let kept = ann_speaks.group(group.id).await.ok();
    assert_eq!(kept.group.photo_url.as_deref(), Some(photo_url.as_str()));
}

#[tokio::test]
async fn a_group_role_without_send_media_cannot_attach() {
    let app = TestApp::spawn().await;
    let (ann, bob, _) = users(&app).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let text_only = app
        .create_role(&ann, &group, "text only", -1, &["send_messages"])
        .await;
    assert_eq!(
        app.assign_role(&ann, &group, &bob, text_only).await.status,
        200
    );
    let clip = app.upload_ok(&bob, "clip.mp4", mp4()).await;
    let bob_speaks = app.client(&bob);
    let with_clip = json!({"body": "look", "attachments": [clip.id]});
    let refused = bob_speaks
        .send_message(group.conversation_id, with_clip.clone())
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "missing_permission");
    let words = bob_speaks
        .say(group.conversation_id, "words are fine")
        .await;
    assert_eq!(words.status, 201);
    // The default role may send media.
    let reset = app.client(&ann).reset_role(group.id, bob.id).await;
    assert_eq!(reset.status, 200);
    assert_eq!(reset.ok().role_id, group.default_role_id);
    let sent = bob_speaks
        .send_message(group.conversation_id, with_clip)
        .await;
    assert_eq!(sent.status, 201);
    assert_eq!(sent.ok().attachments[0].id, clip.id);
    assert_eq!(
        app.get(&clip.url, Some(&ann.access_token)).await.status(),
        200,
        "members see it"
    );
}

#[tokio::test]
async fn members_who_see_a_photo_hear_when_it_is_ready() {
    let mut app = TestApp::spawn().await;
    let gateway = app.spawn_gateway().await;
    let (ann, bob, _) = users(&app).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let mut bob_ws = confab_testkit::WsClient::connect(&gateway).await;
    bob_ws.identify(&bob.access_token).await;

    let photo = app
        .upload_ok(&ann, "p.jpg", encode(2000, 1500, ImageFormat::Jpeg))
        .await;
    let sent = app
        .client(&ann)
        .send_message(dm, json!({"attachments": [photo.id]}))
        .await;
    assert_eq!(sent.status, 201);
    let attached = sent.ok().attachments.remove(0);
    // Sent while processing (or just after): either way bob ends up told it is ready.
    let ready: Media = if attached.status == "ready" {
        attached
    } else {
        let event = bob_ws.next_event_of("media.updated").await;
        serde_json::from_value(event["data"].clone()).expect("a medium")
    };
    assert_eq!(ready.id, photo.id);
    assert_eq!(ready.status, "ready");
    assert!(ready.thumbnail_url.is_some());
}
