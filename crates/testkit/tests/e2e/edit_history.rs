//! Edit history: an edited message keeps what it said before, shown to the
//! conversation's members only, and deleting the message deletes it all.

use confab_testkit::TestApp;

#[tokio::test]
async fn an_edited_message_shows_its_earlier_texts_to_members_only() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    let sent = app.say(&ann, group.conversation_id, "meet at 5").await;

    // Never edited: no history.
    let none = app
        .client(&bob)
        .edit_history(group.conversation_id, sent.id)
        .await;
    assert_eq!(none.status, 200);
    assert!(none.ok().items.is_empty());

    let ann_speaks = app.client(&ann);
    let first = ann_speaks
        .edit_message(group.conversation_id, sent.id, "meet at 6")
        .await
        .ok();
    let second = ann_speaks
        .edit_message(group.conversation_id, sent.id, "meet at 7, sorry")
        .await
        .ok();
    assert_eq!(second.body.as_deref(), Some("meet at 7, sorry"));

    let history = app
        .client(&bob)
        .edit_history(group.conversation_id, sent.id)
        .await
        .ok()
        .items;
    let texts: Vec<(i32, &str)> = history
        .iter()
        .map(|e| (e.version, e.body.as_str()))
        .collect();
    assert_eq!(texts, [(1, "meet at 5"), (2, "meet at 6")]);
    assert_eq!(history[0].written_at, sent.created_at);
    assert!(history.iter().all(|e| e.replaced_at >= e.written_at));
    assert_eq!(Some(history[1].written_at), first.edited_at);

    // Not a member: not found, as the conversation is to them.
    let outsider = app
        .client(&eve)
        .edit_history(group.conversation_id, sent.id)
        .await;
    assert_eq!(outsider.status, 404);
    // Someone who left no longer sees it either.
    app.client(&bob).leave_group(group.id).await.ok();
    let left = app
        .client(&bob)
        .edit_history(group.conversation_id, sent.id)
        .await;
    assert_eq!(left.status, 404);

    // Deleted: the history goes with the body.
    let deleted = ann_speaks
        .delete_message(group.conversation_id, sent.id)
        .await;
    assert_eq!(deleted.status, 204);
    let gone = ann_speaks
        .edit_history(group.conversation_id, sent.id)
        .await;
    assert_eq!(gone.status, 404);
}
