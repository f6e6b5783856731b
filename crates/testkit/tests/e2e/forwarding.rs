//! Forwarding: a copy (text and attachments, not uploaded again) into a
//! conversation the forwarder may post in, marked forwarded, linking to the
//! original only for readers who can see it.

use confab_testkit::{TestApp, WsClient};
use image::{ImageFormat, RgbImage};
use serde_json::json;
use std::io::Cursor;

fn png() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    RgbImage::from_fn(20, 10, |x, y| image::Rgb([x as u8, y as u8, 3]))
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_message_is_forwarded_with_its_attachments_and_a_link_for_those_who_can_see_it() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let cat = app.signup(&TestApp::username("cat")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let group = app.create_group(&bob, "public").await;
    app.join_group(&cat, &group).await;

    // Ann sends Bob a photo with a caption; Bob forwards it to his group.
    let photo = app.upload_ok(&ann, "cat.png", png()).await;
    let original = app
        .client(&ann)
        .send_message(
            dm,
            json!({"body": "look at this", "attachments": [photo.id]}),
        )
        .await
        .ok();
    let mut cat_socket = WsClient::connect(&ws).await;
    cat_socket.identify(&cat.access_token).await;
    let copy = app
        .client(&bob)
        .forward(dm, original.id, group.conversation_id)
        .await;
    assert_eq!(copy.status, 201);
    let copy = copy.ok();
    assert!(copy.forwarded);
    assert_eq!(copy.author_id, Some(bob.id));
    assert_eq!(copy.body.as_deref(), Some("look at this"));
    assert_eq!(copy.attachments.len(), 1);
    assert_eq!(
        copy.attachments[0].id, photo.id,
        "shared, not uploaded again"
    );
    let link = copy
        .forwarded_from
        .clone()
        .expect("the forwarder sees the original");
    assert_eq!((link.conversation_id, link.message_id), (dm, original.id));

    // Cat hears it live, marked forwarded, and may see the photo now.
    let heard = loop {
        let event = cat_socket.next_event_of("message.created").await;
        if event["data"]["id"] == copy.id.to_string() {
            break event;
        }
    };
    assert_eq!(heard["data"]["forwarded"], true);
    assert_eq!(app.client(&cat).media_info(photo.id).await.status, 200);

    // Cat cannot see the DM: in her history the copy has no link; Bob's has it.
    let in_cat_history = app
        .group_history(&cat, &group)
        .await
        .into_iter()
        .find(|m| m.id == copy.id)
        .expect("the copy is in the group");
    assert!(in_cat_history.forwarded);
    assert!(in_cat_history.forwarded_from.is_none());
    let in_bob_history = app
        .group_history(&bob, &group)
        .await
        .into_iter()
        .find(|m| m.id == copy.id)
        .unwrap();
    assert_eq!(in_bob_history.forwarded_from, Some(link));
}

#[tokio::test]
async fn forwarding_follows_the_rules_of_the_target_and_needs_the_original() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let said = app.say(&ann, dm, "secret plans").await;

    // Someone outside the DM cannot forward from it.
    let group = app.create_group(&eve, "public").await;
    let outsider = app
        .client(&eve)
        .forward(dm, said.id, group.conversation_id)
        .await;
    assert_eq!(outsider.status, 404);

    // Into a group where one may not post: refused like a send.
    app.join_group(&bob, &group).await;
    let muted = app
        .create_role(&eve, &group, "quiet", 1, &["send_media"])
        .await;
    app.assign_role(&eve, &group, &bob, muted).await.ok();
    let refused = app
        .client(&bob)
        .forward(dm, said.id, group.conversation_id)
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "missing_permission");

    // Into a conversation one is not in: not found.
    let elsewhere = app.create_group(&eve, "private").await;
    let not_in = app
        .client(&bob)
        .forward(dm, said.id, elsewhere.conversation_id)
        .await;
    assert_eq!(not_in.status, 404);

    // A deleted original cannot be forwarded.
    app.client(&ann).delete_message(dm, said.id).await.ok();
    let gone = app.client(&ann).forward(dm, said.id, dm).await;
    assert_eq!(gone.status, 404);
}

#[tokio::test]
async fn a_forward_from_a_group_you_left_shows_no_link() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let said = app
        .say(&ann, group.conversation_id, "release at noon")
        .await;
    let copy = app
        .client(&bob)
        .forward(group.conversation_id, said.id, dm)
        .await
        .ok();
    let link_for = |history: Vec<confab_domain::messages::Message>| {
        history
            .into_iter()
            .find(|m| m.id == copy.id)
            .unwrap()
            .forwarded_from
    };
    let before = app.client(&bob).history(dm).await.ok().items;
    assert!(link_for(before).is_some());
    app.client(&bob).leave_group(group.id).await.ok();
    let after = app.client(&bob).history(dm).await.ok().items;
    assert!(link_for(after).is_none(), "no link into a group he left");
    // Ann, still in the group, keeps the link.
    let anns = app.client(&ann).history(dm).await.ok().items;
    assert!(link_for(anns).is_some());
}
