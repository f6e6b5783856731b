//! Search finds what people type: Chinese, Japanese and Korean by substring,
//! word prefixes, folded accents, and the operators of the search box
//! (`from:`, `in:`, `has:`, `before:`/`after:`/`on:`, `is:pinned`,
//! `in:thread`, phrases and exclusions), alone and combined.

use confab_domain::messages::SearchPage;
use confab_testkit::{TestApp, TestUser};
use image::{ImageFormat, RgbImage};
use serde_json::json;
use std::io::Cursor;
use uuid::Uuid;

async fn search(app: &TestApp, user: &TestUser, q: &str) -> SearchPage {
    let answer = app
        .client(user)
        .search_messages(&[("q", q.to_owned())])
        .await;
    assert_eq!(answer.status, 200, "search {q:?}");
    answer.ok()
}

/// The bodies found, newest first.
async fn found(app: &TestApp, user: &TestUser, q: &str) -> Vec<String> {
    search(app, user, q)
        .await
        .items
        .into_iter()
        .map(|hit| hit.message.body.unwrap_or_default())
        .collect()
}

fn png() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    RgbImage::from_fn(8, 8, |x, y| image::Rgb([x as u8, y as u8, 9]))
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[tokio::test]
async fn cjk_is_found_by_substring_prefixes_match_and_accents_fold() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    for text in [
        "我家在上海东边。",
        "東京タワーに行った",
        "서울에서 만나요",
        "the deployment went fine",
        "un café au lait",
        "NAÏVE Résumé",
        "海东 is not the same",
    ] {
        app.say(&ann, dm, text).await;
    }

    assert_eq!(found(&app, &bob, "上海").await, ["我家在上海东边。"]);
    assert_eq!(found(&app, &bob, "東京").await, ["東京タワーに行った"]);
    assert_eq!(found(&app, &bob, "タワー").await, ["東京タワーに行った"]);
    assert_eq!(found(&app, &bob, "서울").await, ["서울에서 만나요"]);
    assert_eq!(
        found(&app, &bob, "deploy").await,
        ["the deployment went fine"]
    );
    assert_eq!(found(&app, &bob, "cafe").await, ["un café au lait"]);
    assert_eq!(found(&app, &bob, "CAFÉ").await, ["un café au lait"]);
    assert_eq!(found(&app, &bob, "naive resume").await, ["NAÏVE Résumé"]);
    // Pairs only sieve: 上海东 needs the run as written, not its pairs anywhere.
    assert_eq!(found(&app, &bob, "上海东").await, ["我家在上海东边。"]);
    assert!(found(&app, &bob, "东上").await.is_empty());
    assert_eq!(found(&app, &bob, "海东").await.len(), 2);
    assert_eq!(
        found(&app, &bob, "海东 -上海").await,
        ["海东 is not the same"]
    );

    // The match is marked as written, CJK included.
    let hit = &search(&app, &bob, "上海").await.items[0];
    let marked: Vec<_> = hit
        .highlight
        .iter()
        .filter(|p| p.matched)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["上海"]);
    let hit = &search(&app, &bob, "cafe").await.items[0];
    let marked: Vec<_> = hit
        .highlight
        .iter()
        .filter(|p| p.matched)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["café"]);
}

/// Ann and Bob in a DM, and both in Ann's group "Trips" with Cat.
struct Scene {
    ann: TestUser,
    bob: TestUser,
    dm: Uuid,
    trips: Uuid,
}

async fn scene(app: &TestApp) -> Scene {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let cat = app.signup(&TestApp::username("cat")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let handle = format!("t{}", &Uuid::new_v4().simple().to_string()[..12]);
    let group = app
        .client(&ann)
        .create_group(json!({"name": "Trips", "kind": "public", "handle": handle}))
        .await
        .ok();
    for who in [&bob, &cat] {
        let joined = app.client(who).join_group(group.group.id).await;
        assert_eq!(joined.status, 200, "join");
    }
    let trips = group.group.conversation_id;
    app.say(&cat, trips, "packing list for the ski trip").await;
    Scene {
        ann,
        bob,
        dm,
        trips,
    }
}

#[tokio::test]
async fn each_operator_alone_and_combined() {
    let app = TestApp::spawn().await;
    let Scene {
        ann,
        bob,
        dm,
        trips,
    } = scene(&app).await;
    app.say(&ann, dm, "ski trip photos soon").await;
    app.say(&bob, dm, "ski map at https://example.com/map")
        .await;
    let photo = app.upload_ok(&ann, "slope.png", png()).await;
    let with_photo = app
        .client(&ann)
        .send_message(
            trips,
            json!({"body": "ski slope", "attachments": [photo.id]}),
        )
        .await
        .ok();
    let pinned = app.say(&bob, trips, "ski meeting point: the lift").await;
    assert!(
        app.client(&ann)
            .pin(trips, pinned.id)
            .await
            .status
            .is_success()
    );
    let reply = app
        .client(&bob)
        .reply_in_thread(trips, pinned.id, "ski rental is cheaper in town")
        .await
        .ok();

    let bob_username = format!("@{}", bob.username);
    let all = found(&app, &ann, "ski").await;
    assert_eq!(all.len(), 6, "every message with ski: {all:?}");

    assert_eq!(
        found(&app, &ann, &format!("ski from:{bob_username}")).await,
        [
            "ski rental is cheaper in town",
            "ski meeting point: the lift",
            "ski map at https://example.com/map"
        ]
    );
    assert_eq!(found(&app, &ann, "from:me ski").await.len(), 2);
    assert_eq!(
        found(&app, &ann, "ski in:#trips").await.len(),
        4,
        "the group by name, any case"
    );
    assert_eq!(
        found(&app, &ann, &format!("in:{bob_username} ski")).await,
        ["ski map at https://example.com/map", "ski trip photos soon"]
    );
    assert_eq!(
        found(&app, &ann, "has:link").await,
        ["ski map at https://example.com/map"]
    );
    assert_eq!(found(&app, &ann, "has:image").await, ["ski slope"]);
    assert_eq!(found(&app, &ann, "has:file ski").await, ["ski slope"]);
    assert!(found(&app, &ann, "has:audio").await.is_empty());
    assert_eq!(
        found(&app, &ann, "is:pinned").await,
        ["ski meeting point: the lift"]
    );
    assert_eq!(
        found(&app, &ann, "in:thread").await,
        ["ski rental is cheaper in town"]
    );
    assert_eq!(
        search(&app, &ann, "in:thread").await.items[0]
            .message
            .thread_id,
        Some(pinned.id)
    );
    assert_eq!(
        found(&app, &ann, "\"ski trip\" -packing").await,
        ["ski trip photos soon"]
    );

    // Days: everything is from today (UTC); before today none, on today all.
    let today = with_photo.created_at.date_naive();
    let yesterday = today.pred_opt().unwrap();
    assert!(
        found(&app, &ann, &format!("ski before:{today}"))
            .await
            .is_empty()
    );
    assert_eq!(found(&app, &ann, &format!("ski on:{today}")).await.len(), 6);
    assert_eq!(
        found(&app, &ann, &format!("ski after:{yesterday}"))
            .await
            .len(),
        6
    );
    assert!(
        found(&app, &ann, &format!("ski after:{today}"))
            .await
            .is_empty()
    );

    // All at once.
    assert_eq!(
        found(
            &app,
            &ann,
            &format!("ski from:{bob_username} in:#Trips is:pinned on:{today} -rental")
        )
        .await,
        ["ski meeting point: the lift"]
    );
    let _ = reply;

    // Names that match nothing find nothing; mistakes are errors.
    assert!(found(&app, &ann, "ski from:@nobody_here").await.is_empty());
    assert!(found(&app, &ann, "ski in:#nowhere").await.is_empty());
    for bad in ["has:pdf", "before:soon", "is:starred", "-alone"] {
        let answer = app
            .client(&ann)
            .search_messages(&[("q", bad.to_owned())])
            .await;
        assert_eq!(answer.status, 400, "{bad}");
        assert_eq!(answer.code(), "invalid_query", "{bad}");
    }
    let zone = app
        .client(&ann)
        .search_messages(&[("q", "ski".to_owned()), ("tz", "Mars/Olympus".to_owned())])
        .await;
    assert_eq!(zone.code(), "invalid_query");
}

#[tokio::test]
async fn days_are_the_searchers_days() {
    let app = TestApp::spawn().await;
    let Scene { ann, dm, .. } = scene(&app).await;
    let sent = app.say(&ann, dm, "timezone check").await;
    // In Kiritimati (UTC+14) the message's day may be tomorrow's date in UTC;
    // `on:` that local day finds it.
    let local_day = (sent.created_at + chrono::Duration::hours(14)).date_naive();
    let answer = app
        .client(&ann)
        .search_messages(&[
            ("q", format!("timezone on:{local_day}")),
            ("tz", "Pacific/Kiritimati".to_owned()),
        ])
        .await
        .ok();
    assert_eq!(answer.items.len(), 1);
    let other_day = local_day.pred_opt().unwrap();
    let none = app
        .client(&ann)
        .search_messages(&[
            ("q", format!("timezone on:{other_day}")),
            ("tz", "Pacific/Kiritimati".to_owned()),
        ])
        .await
        .ok();
    assert!(none.items.is_empty());
}
