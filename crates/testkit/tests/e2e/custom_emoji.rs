//! A group's own emoji: made from an image upload by roles with
//! `manage_emoji`, listed for members, announced live, fetched by anyone who
//! sees them used, reacted with as `:name:`, and in the audit log.

use confab_testkit::{TestApp, WsClient};
use image::{ImageFormat, RgbImage};
use serde_json::json;
use std::io::Cursor;

fn png() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    RgbImage::from_fn(32, 32, |x, y| image::Rgb([x as u8 * 8, y as u8 * 8, 200]))
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[tokio::test]
async fn custom_emoji_are_made_shown_and_reacted_with() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let outsider = app.signup(&TestApp::username("cat")).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let mut bobs = WsClient::connect(&ws).await;
    bobs.identify(&bob.access_token).await;

    // Bob's role lacks manage_emoji.
    let bobs_picture = app.upload_ok(&bob, "parrot.png", png()).await;
    let refused = app
        .client(&bob)
        .create_emoji(
            group.id,
            json!({"name": "parrot", "media_id": bobs_picture.id}),
        )
        .await;
    assert_eq!(refused.code(), "missing_permission");

    let picture = app.upload_ok(&ann, "parrot.png", png()).await;
    let bad_name = app
        .client(&ann)
        .create_emoji(
            group.id,
            json!({"name": "Party Parrot", "media_id": picture.id}),
        )
        .await;
    assert_eq!(bad_name.code(), "invalid_emoji_name");
    let not_hers = app
        .client(&ann)
        .create_emoji(
            group.id,
            json!({"name": "parrot", "media_id": bobs_picture.id}),
        )
        .await;
    assert_eq!(not_hers.code(), "invalid_picture");
    let made = app
        .client(&ann)
        .create_emoji(
            group.id,
            json!({"name": ":party_parrot:", "media_id": picture.id}),
        )
        .await;
    assert_eq!(made.status, 201);
    let made = made.ok();
    assert_eq!(made.name, "party_parrot");
    let event = bobs.next_event_of("group.emoji_created").await;
    assert_eq!(event["data"]["name"], "party_parrot");
    let again = app
        .client(&ann)
        .create_emoji(
            group.id,
            json!({"name": "party_parrot", "media_id": picture.id}),
        )
        .await;
    assert_eq!(again.code(), "emoji_name_taken");

    // Members list it; the picture is anyone's to fetch (messages travel).
    let listed = app.client(&bob).group_emoji(group.id).await.ok();
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].url, made.url);
    assert_eq!(
        app.client(&outsider).group_emoji(group.id).await.status,
        404
    );
    let fetched = app.get(&made.url, Some(&outsider.access_token)).await;
    assert_eq!(fetched.status(), 200);

    // Said in a message and reacted with.
    let said = app
        .say(&bob, group.conversation_id, "look :party_parrot:")
        .await;
    assert_eq!(said.body.as_deref(), Some("look :party_parrot:"));
    let reacted = app
        .client(&bob)
        .react(group.conversation_id, said.id, ":party_parrot:")
        .await;
    assert_eq!(reacted.status, 204);
    let unknown = app
        .client(&bob)
        .react(group.conversation_id, said.id, ":no_such_one:")
        .await;
    assert_eq!(unknown.code(), "invalid_emoji");
    let history = app.client(&ann).history(group.conversation_id).await.ok();
    let message = history.items.iter().find(|m| m.id == said.id).unwrap();
    let reactions = message.reactions.as_ref().unwrap();
    assert_eq!(reactions[0].emoji, ":party_parrot:");
    assert_eq!(reactions[0].count, 1);

    // Deleted: announced, gone from the list, in the audit log.
    let deleted = app
        .client(&ann)
        .because("retired")
        .delete_emoji(group.id, made.id)
        .await;
    assert_eq!(deleted.status, 204);
    let event = bobs.next_event_of("group.emoji_deleted").await;
    assert_eq!(event["data"]["id"], made.id.to_string());
    assert!(
        app.client(&bob)
            .group_emoji(group.id)
            .await
            .ok()
            .items
            .is_empty()
    );
    let log = app.client(&ann).audit_log(group.id, &[]).await.ok();
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(&actions[..2], ["emoji_deleted", "emoji_created"]);
    assert_eq!(log.items[0].reason.as_deref(), Some("retired"));
}
