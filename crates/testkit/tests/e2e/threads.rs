//! Threads: replies under a message of the main timeline, kept out of it. The
//! root shows the count, the last repliers and the last reply's time; those
//! who take part (the root's author, repliers, the mentioned, followers) get
//! unread state and notifications, others only once they follow; everything
//! is live and resumable, and a kicked member loses the thread with the group.

use confab_domain::messages::Message;
use confab_testkit::{TestApp, TestGroup, TestUser, WsClient};
use serde_json::Value;
use std::time::Duration;
use uuid::Uuid;

/// A public group of Ann's that Bob and Cat joined.
async fn group_of_three(app: &TestApp) -> (TestUser, TestUser, TestUser, TestGroup) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let cat = app.signup(&TestApp::username("cat")).await;
    let group = app.create_group(&ann, "public").await;
    app.join_group(&bob, &group).await;
    app.join_group(&cat, &group).await;
    (ann, bob, cat, group)
}

async fn reply(app: &TestApp, user: &TestUser, chat: Uuid, root: Uuid, text: &str) -> Message {
    let answer = app.client(user).reply_in_thread(chat, root, text).await;
    assert_eq!(answer.status, 201, "reply in thread");
    answer.ok()
}

/// The user's notifications of a kind, newest first.
async fn notifications_of(app: &TestApp, user: &TestUser, kind: &str) -> Vec<Value> {
    let page = app.client(user).notifications(&[]).await.ok();
    page.items
        .into_iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.data)
        .collect()
}

/// The `message.created` of this message, skipping earlier ones (the root's
/// may still be on its way when the socket connects).
async fn next_message(socket: &mut WsClient, id: Uuid) -> Value {
    loop {
        let event = socket.next_event_of("message.created").await;
        if event["data"]["id"] == id.to_string() {
            return event;
        }
    }
}

async fn unread_threads(app: &TestApp, user: &TestUser, chat: Uuid) -> i64 {
    app.client(user)
        .conversation(chat)
        .await
        .ok()
        .unread_threads
}

#[tokio::test]
async fn replies_stay_out_of_the_main_timeline_and_the_root_shows_the_summary() {
    let app = TestApp::spawn().await;
    let (ann, bob, cat, group) = group_of_three(&app).await;
    let chat = group.conversation_id;
    let root = app.say(&ann, chat, "Lunch on Friday?").await;
    let first = reply(&app, &bob, chat, root.id, "Yes!").await;
    assert_eq!(first.thread_id, Some(root.id));
    reply(&app, &bob, chat, root.id, "Pizza?").await;
    let last = reply(&app, &cat, chat, root.id, "I'm in").await;
    app.say(&ann, chat, "Another topic").await;

    let main = app.client(&cat).history(chat).await.ok().items;
    assert!(
        main.iter().all(|m| m.thread_id.is_none()),
        "no reply in the main history"
    );
    let shown = main.iter().find(|m| m.id == root.id).expect("the root");
    let summary = shown.thread.as_ref().expect("the root's summary");
    assert_eq!(summary.reply_count, 3);
    assert_eq!(summary.last_reply_id, Some(last.id));
    assert_eq!(summary.last_reply_at, Some(last.created_at));
    assert_eq!(
        summary.last_repliers,
        [cat.id, bob.id],
        "newest first, distinct"
    );

    let replies = app
        .client(&ann)
        .thread_replies(chat, root.id)
        .await
        .ok()
        .items;
    let texts: Vec<_> = replies
        .iter()
        .rev()
        .map(|m| m.body.clone().unwrap())
        .collect();
    assert_eq!(texts, ["Yes!", "Pizza?", "I'm in"]);

    let listed = app.client(&ann).conversation(chat).await.ok();
    assert_eq!(
        listed.last_message.map(|m| m.body),
        Some(Some("Another topic".to_owned())),
        "the list shows the main timeline's last message"
    );
    let threads = app.client(&cat).threads(chat, &[]).await.ok().items;
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].root.id, root.id);

    // A reply in a reply, a root elsewhere, a system line: no thread.
    let nested = app
        .client(&bob)
        .reply_in_thread(chat, first.id, "deeper")
        .await;
    assert_eq!(nested.status, 404);
    assert_eq!(nested.code(), "invalid_thread");
    let elsewhere = app.create_group(&bob, "public").await;
    let other_root = app.say(&bob, elsewhere.conversation_id, "other").await;
    let wrong = app
        .client(&bob)
        .reply_in_thread(chat, other_root.id, "here?")
        .await;
    assert_eq!(wrong.code(), "invalid_thread");
    let system = main
        .iter()
        .find(|m| m.system.is_some())
        .expect("a join line");
    let on_system = app
        .client(&bob)
        .reply_in_thread(chat, system.id, "hi")
        .await;
    assert_eq!(on_system.code(), "invalid_thread");

    // Deleting a reply takes it from the count; its author's last reply stands.
    let gone = app.client(&cat).delete_message(chat, last.id).await;
    assert_eq!(gone.status, 204);
    let root_now = app.client(&ann).thread(chat, root.id).await.ok().root;
    let summary = root_now.thread.expect("still a thread");
    assert_eq!(summary.reply_count, 2);
    assert_ne!(summary.last_reply_id, Some(last.id));
}

#[tokio::test]
async fn participants_are_notified_and_others_only_once_they_follow() {
    let app = TestApp::spawn().await;
    let (ann, bob, cat, group) = group_of_three(&app).await;
    let dan = app.signup(&TestApp::username("dan")).await;
    app.join_group(&dan, &group).await;
    let chat = group.conversation_id;
    let root = app.say(&ann, chat, "Who brings the tent?").await;

    let first = reply(&app, &bob, chat, root.id, "I can").await;
    // Ann wrote the root: she takes part, Cat does not.
    let anns = notifications_of(&app, &ann, "thread.reply").await;
    assert_eq!(anns.len(), 1, "the root's author is told");
    assert_eq!(anns[0]["thread_id"], root.id.to_string());
    assert_eq!(anns[0]["message_id"], first.id.to_string());
    assert_eq!(anns[0]["excerpt"], "I can");
    assert_eq!(unread_threads(&app, &ann, chat).await, 1);
    assert!(
        notifications_of(&app, &cat, "thread.reply")
            .await
            .is_empty()
    );
    assert_eq!(unread_threads(&app, &cat, chat).await, 0);
    let cats_view = app.client(&cat).thread(chat, root.id).await.ok();
    assert!(!cats_view.following);
    assert_eq!(cats_view.unread_count, 0, "no unread without following");
    assert_eq!(
        unread_threads(&app, &bob, chat).await,
        0,
        "his own reply is read"
    );

    // Cat follows; the replies so far count as read, the next one is unread.
    let followed = app
        .client(&cat)
        .follow_thread(chat, root.id, true)
        .await
        .ok();
    assert!(followed.following);
    assert_eq!(followed.last_read_id, Some(first.id));
    let second = reply(&app, &bob, chat, root.id, "and the stove").await;
    assert_eq!(notifications_of(&app, &cat, "thread.reply").await.len(), 1);
    assert_eq!(unread_threads(&app, &cat, chat).await, 1);
    let listed = app.client(&cat).threads(chat, &[]).await.ok().items;
    assert_eq!(listed[0].unread_count, 1);

    // A mention pulls Dan in: a mention, not a thread notification.
    reply(
        &app,
        &bob,
        chat,
        root.id,
        &format!("@{} bring matches", dan.username),
    )
    .await;
    assert_eq!(app.mention_notifications(&dan).await.len(), 1);
    assert!(
        notifications_of(&app, &dan, "thread.reply")
            .await
            .is_empty()
    );
    assert!(app.client(&dan).thread(chat, root.id).await.ok().following);
    assert_eq!(notifications_of(&app, &ann, "thread.reply").await.len(), 3);

    // Reading clears the thread's unread; the main counts never had it.
    let ann_read = app
        .client(&ann)
        .mark_thread_read(chat, root.id, second.id)
        .await;
    assert_eq!(ann_read.status, 204);
    assert_eq!(unread_threads(&app, &ann, chat).await, 1, "one reply left");
    let newest = app
        .client(&ann)
        .thread_replies(chat, root.id)
        .await
        .ok()
        .items[0]
        .id;
    app.client(&ann)
        .mark_thread_read(chat, root.id, newest)
        .await;
    assert_eq!(unread_threads(&app, &ann, chat).await, 0);
    let not_a_reply = app
        .client(&ann)
        .mark_thread_read(chat, root.id, root.id)
        .await;
    assert_eq!(not_a_reply.status, 404);

    // Unfollowing silences the thread; replying follows again.
    app.client(&cat)
        .follow_thread(chat, root.id, false)
        .await
        .ok();
    let before = notifications_of(&app, &cat, "thread.reply").await.len();
    assert_eq!(before, 2, "the stove, and the matches");
    reply(&app, &ann, chat, root.id, "thanks all").await;
    assert_eq!(
        notifications_of(&app, &cat, "thread.reply").await.len(),
        before
    );
    assert_eq!(unread_threads(&app, &cat, chat).await, 0);
    reply(&app, &cat, chat, root.id, "see you").await;
    assert!(app.client(&cat).thread(chat, root.id).await.ok().following);
}

#[tokio::test]
async fn replies_arrive_live_and_a_resume_delivers_the_missed_ones() {
    let mut app = TestApp::spawn().await;
    let gateway = app.spawn_gateway().await;
    let (ann, bob, _cat, group) = group_of_three(&app).await;
    let chat = group.conversation_id;
    let root = app.say(&ann, chat, "Release notes?").await;

    let mut bobs = WsClient::connect(&gateway).await;
    bobs.identify(&bob.access_token).await;
    let sent = reply(&app, &ann, chat, root.id, "draft one").await;
    let created = next_message(&mut bobs, sent.id).await;
    assert_eq!(created["data"]["thread_id"], root.id.to_string());
    let updated = bobs.next_event_of("thread.updated").await;
    assert_eq!(updated["data"]["root_id"], root.id.to_string());
    assert_eq!(updated["data"]["reply_count"], 1);
    let last_seen = updated["id"].as_str().unwrap().to_owned();
    drop(bobs);

    let missed = [
        reply(&app, &ann, chat, root.id, "draft two").await,
        reply(&app, &ann, chat, root.id, "final").await,
    ];
    app.wait_for_count("thread.updated", 3).await;
    let mut back = WsClient::connect(&gateway).await;
    back.resume(&bob.access_token, &last_seen).await;
    for (n, expected) in missed.iter().enumerate() {
        let created = back.next_event_of("message.created").await;
        assert_eq!(created["data"]["id"], expected.id.to_string(), "in order");
        let updated = back.next_event_of("thread.updated").await;
        assert_eq!(updated["data"]["reply_count"], n + 2);
    }

    // Bob follows from another device: his own sockets hear it.
    app.client(&bob)
        .follow_thread(chat, root.id, true)
        .await
        .ok();
    let member = back.next_event_of("thread.member_updated").await;
    assert_eq!(member["data"]["user_id"], bob.id.to_string());
    assert_eq!(member["data"]["following"], true);
}

#[tokio::test]
async fn a_kicked_member_loses_the_thread_with_the_group() {
    let mut app = TestApp::spawn().await;
    let gateway = app.spawn_gateway().await;
    let (ann, bob, _cat, group) = group_of_three(&app).await;
    let chat = group.conversation_id;
    let root = app.say(&ann, chat, "Plans").await;
    reply(&app, &bob, chat, root.id, "mine").await;

    let mut bobs = WsClient::connect(&gateway).await;
    bobs.identify(&bob.access_token).await;
    assert_eq!(app.client(&ann).kick(group.id, bob.id).await.status, 204);
    bobs.next_event_of("group.member_left").await;

    reply(&app, &ann, chat, root.id, "after bob").await;
    bobs.expect_silence(Duration::from_millis(500)).await;
    let client = app.client(&bob);
    assert_eq!(client.threads(chat, &[]).await.status, 404);
    assert_eq!(client.thread(chat, root.id).await.status, 404);
    assert_eq!(client.thread_replies(chat, root.id).await.status, 404);
    assert_eq!(client.follow_thread(chat, root.id, true).await.status, 404);
    let refused = client.reply_in_thread(chat, root.id, "let me in").await;
    assert_eq!(refused.status, 404, "not a member: not found, as any write");
    assert!(
        notifications_of(&app, &bob, "thread.reply")
            .await
            .is_empty(),
        "no notification from a group he left"
    );
}

#[tokio::test]
async fn reactions_edits_pins_and_moderation_work_in_threads() {
    let app = TestApp::spawn().await;
    let (ann, bob, _cat, group) = group_of_three(&app).await;
    let chat = group.conversation_id;
    let root = app.say(&bob, chat, "Photos from the trip").await;
    let answer = reply(&app, &bob, chat, root.id, "here they are").await;

    let client = app.client(&ann);
    assert!(
        client
            .react(chat, answer.id, "🔥")
            .await
            .status
            .is_success()
    );
    let edited = app
        .client(&bob)
        .edit_message(chat, answer.id, "here they are!")
        .await
        .ok();
    assert_eq!(edited.thread_id, Some(root.id));
    assert!(client.pin(chat, answer.id).await.status.is_success());
    let pins = client.pins(chat).await.ok().items;
    assert!(
        pins.iter()
            .any(|m| m.id == answer.id && m.thread_id == Some(root.id))
    );
    let seen = client.thread_replies(chat, root.id).await.ok().items;
    assert_eq!(seen[0].reactions.as_ref().map(Vec::len), Some(1));

    // The owner moderates a thread as the main timeline.
    assert_eq!(client.delete_message(chat, answer.id).await.status, 204);
    let after = client.thread(chat, root.id).await.ok().root;
    assert!(after.thread.is_none(), "no replies left");
}
