//! Notification levels and mutes: each member chooses, per conversation,
//! every message, mentions only, or nothing, and may mute it for a while or
//! until turned off. Mentions notify unless the level is `nothing`
//! (`@everyone` included); a mute never hides unread or mention counts; the
//! settings follow their owner to their other sockets and end by themselves.

use chrono::{Duration, Utc};
use confab_testkit::{TestApp, WsClient};
use serde_json::json;

#[tokio::test]
async fn nothing_silences_mentions_and_everyone_but_the_counts_stay() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("own")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let group = app.create_group(&owner, "public").await;
    app.join_group(&bob, &group).await;
    let chat = group.conversation_id;

    let fresh = app.client(&bob).conversation(chat).await.ok().notifications;
    assert_eq!(
        (fresh.level.as_str(), fresh.muted, fresh.muted_until),
        ("all", false, None)
    );

    let set = app
        .client(&bob)
        .set_notifications(chat, json!({"level": "nothing"}))
        .await;
    assert_eq!(set.status, 200);
    assert_eq!(set.ok().level.as_str(), "nothing");

    let owner_speaks = app.client(&owner);
    owner_speaks
        .say(chat, &format!("@{} look", bob.username))
        .await
        .ok();
    owner_speaks.say(chat, "@everyone meeting").await.ok();
    assert!(
        app.mention_notifications(&bob).await.is_empty(),
        "nothing means nothing, @everyone included"
    );
    let seen = app.client(&bob).conversation(chat).await.ok();
    // Both messages count as unread (so do the group's system lines) and as mentions.
    assert_eq!(seen.mention_count, 2, "counted, quietly");
    assert!(seen.unread_count >= 2, "counted, quietly");

    // Back to mentions only: a mention notifies again.
    app.client(&bob)
        .set_notifications(chat, json!({"level": "mentions"}))
        .await
        .ok();
    owner_speaks
        .say(chat, &format!("@{} again", bob.username))
        .await
        .ok();
    assert_eq!(app.mention_notifications(&bob).await.len(), 1);
}

#[tokio::test]
async fn a_muted_conversation_still_notifies_a_mention_and_the_mute_ends_by_itself() {
    let mut app = TestApp::spawn().await;
    let gateway = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let mut bobs_phone = WsClient::connect(&gateway).await;
    bobs_phone.identify(&bob.access_token).await;

    let hour = Utc::now() + Duration::hours(1);
    let muted = app
        .client(&bob)
        .set_notifications(
            dm,
            json!({"level": "mentions", "muted": true, "muted_until": hour}),
        )
        .await
        .ok();
    assert!(muted.muted);
    assert_eq!(
        muted.muted_until.map(|t| t.timestamp()),
        Some(hour.timestamp())
    );

    // Bob's other device hears of it; Ann does not.
    let event = bobs_phone
        .next_event_of("conversation.notifications_updated")
        .await;
    assert_eq!(event["data"]["conversation_id"], dm.to_string());
    assert_eq!(event["data"]["muted"], true);
    assert_eq!(event["data"]["level"], "mentions");

    let listed = app.client(&bob).conversations().await.ok().items;
    let listed = listed.iter().find(|c| c.id == dm).unwrap();
    assert!(listed.notifications.muted);
    let anns = app.client(&ann).conversation(dm).await.ok().notifications;
    assert!(!anns.muted, "a mute is one member's own");

    app.client(&ann)
        .say(dm, &format!("@{} are you there?", bob.username))
        .await
        .ok();
    assert_eq!(
        app.mention_notifications(&bob).await.len(),
        1,
        "a mention notifies where the level says so, muted or not"
    );

    // A mute until turned off, then off.
    let forever = app
        .client(&bob)
        .set_notifications(dm, json!({"level": "all", "muted": true}))
        .await
        .ok();
    assert!(forever.muted && forever.muted_until.is_none());
    let off = app
        .client(&bob)
        .set_notifications(dm, json!({"level": "all"}))
        .await
        .ok();
    assert!(!off.muted);

    // A short mute reads as off once it has ended.
    let soon = Utc::now() + Duration::milliseconds(1200);
    app.client(&bob)
        .set_notifications(
            dm,
            json!({"level": "all", "muted": true, "muted_until": soon}),
        )
        .await
        .ok();
    assert!(
        app.client(&bob)
            .conversation(dm)
            .await
            .ok()
            .notifications
            .muted
    );
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let ended = app.client(&bob).conversation(dm).await.ok().notifications;
    assert_eq!((ended.muted, ended.muted_until), (false, None));
}

#[tokio::test]
async fn bad_mutes_and_strangers_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;

    let past = Utc::now() - Duration::minutes(5);
    for body in [
        json!({"level": "all", "muted": true, "muted_until": past}),
        json!({"level": "all", "muted": true, "muted_until": Utc::now() + Duration::days(500)}),
        json!({"level": "all", "muted": false, "muted_until": Utc::now() + Duration::hours(1)}),
    ] {
        let refused = app.client(&bob).set_notifications(dm, body).await;
        assert_eq!(refused.status, 400);
        assert_eq!(refused.code(), "invalid_mute");
    }
    let unknown_level = app
        .client(&bob)
        .set_notifications(dm, json!({"level": "loud"}))
        .await;
    assert_eq!(unknown_level.status, 400);
    let stranger = app
        .client(&eve)
        .set_notifications(dm, json!({"level": "nothing"}))
        .await;
    assert_eq!(stranger.status, 404);
    let kept = app.client(&bob).conversation(dm).await.ok().notifications;
    assert_eq!((kept.level.as_str(), kept.muted), ("all", false));
}
