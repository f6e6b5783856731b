use confab_testkit::TestApp;
use image::{ImageFormat, RgbImage};
use serde_json::{Value, json};
use std::io::{Cursor, Read};
use std::time::{Duration, Instant};

fn png() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8, y as u8, 7]))
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[tokio::test]
async fn an_export_holds_the_profile_friends_own_messages_and_uploads() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let photo = app.upload_ok(&ann, "cat.png", png()).await;
    let photo = app.processed(&ann, photo.id).await;
    let ann_speaks = app.client(&ann);
    ann_speaks
        .send_message(
            dm,
            json!({"body": "look at this cat", "attachments": [photo.id]}),
        )
        .await
        .ok();
    let regret = ann_speaks.say(dm, "something I take back").await.ok();
    ann_speaks.delete_message(dm, regret.id).await.ok();
    app.client(&bob).say(dm, "bob's own words").await.ok();

    // Asking for "my export" starts one; asking again shows the same one.
    let started = ann_speaks.export().await;
    assert_eq!(started.status, 202);
    let started = started.ok();
    assert_eq!(started.status, "building");
    let again = ann_speaks.export().await;
    assert_eq!(again.status, 200);
    assert_eq!(again.ok().id, started.id);

    let deadline = Instant::now() + Duration::from_secs(20);
    let ready = loop {
        let exports = ann_speaks.exports().await.ok();
        let export = exports.iter().find(|e| e.id == started.id).unwrap().clone();
        if export.status != "building" {
            break export;
        }
        assert!(Instant::now() < deadline, "still building");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(ready.status, "ready");
    let notes = ann_speaks.notifications(&[]).await.ok();
    assert!(
        notes
            .items
            .iter()
            .any(|n| n.kind == "account.export_ready" && n.data["export_id"] == json!(ready.id))
    );

    let url = ready.download_url.clone().unwrap();
    let strangers = app.get(&url, Some(&bob.access_token)).await;
    assert_eq!(strangers.status(), 404, "another user's export");
    let response = app.get(&url, Some(&ann.access_token)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"confab-export-")
    );
    let bytes = response.bytes().await.unwrap();
    assert_eq!(bytes.len() as i64, ready.size_bytes.unwrap());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let json_of = |zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str| -> Value {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        serde_json::from_str(&text).unwrap()
    };

    assert_eq!(json_of(&mut zip, "profile.json")["username"], ann.username);
    let friends = json_of(&mut zip, "friends.json");
    assert_eq!(friends[0]["username"], bob.username);
    let conversation = json_of(&mut zip, &format!("conversations/{dm}.json"));
    let mine: Vec<&str> = conversation["your_messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(mine, ["look at this cat"], "own, not deleted, not bob's");
    assert_eq!(
        conversation["your_messages"][0]["attachment_media_ids"],
        json!([photo.id])
    );
    let stored = zip.by_name(&format!("media/{}.png", photo.id)).unwrap();
    assert_eq!(stored.size() as i64, photo.size);
}

#[tokio::test]
async fn a_fresh_export_can_be_asked_for_once_the_last_is_done() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let client = app.client(&ann);
    let first = client.start_export().await.ok();
    let deadline = Instant::now() + Duration::from_secs(20);
    while client.exports().await.ok()[0].status == "building" {
        assert!(Instant::now() < deadline, "still building");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let second = client.start_export().await;
    assert_eq!(second.status, 202);
    assert_ne!(second.ok().id, first.id);
    assert_eq!(client.exports().await.ok().len(), 2);
}
