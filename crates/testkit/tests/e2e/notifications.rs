use confab_domain::notifications::NotificationPage;
use confab_testkit::{TestApp, TestUser, To};
use serde_json::json;
use uuid::Uuid;

/// The newest page of someone's notifications.
async fn notifications(app: &TestApp, user: &TestUser) -> NotificationPage {
    app.client(user).notifications(&[]).await.ok()
}

#[tokio::test]
async fn a_friendship_notifies_both_people_of_the_other() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;

    let bobs = notifications(&app, &bob).await;
    assert_eq!(bobs.unread_count, 1);
    assert_eq!(bobs.items[0].kind, "friend_request.received");
    assert_eq!(bobs.items[0].actor.as_ref().map(|a| a.id), Some(ann.id));
    let anns = notifications(&app, &ann).await;
    assert_eq!(anns.items[0].kind, "friend_request.accepted");
    assert_eq!(anns.items[0].actor.as_ref().map(|a| a.id), Some(bob.id));
}

#[tokio::test]
async fn a_notification_is_read_by_its_owner_only() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let id = notifications(&app, &bob).await.items[0].id;

    let read = app.client(&bob).read_notification(id).await;
    assert_eq!(read.status, 204);
    let bobs = notifications(&app, &bob).await;
    assert_eq!(bobs.unread_count, 0);
    assert!(bobs.items[0].read_at.is_some());
    // Someone else's notification is not found.
    let theirs = app.client(&ann).read_notification(id).await;
    assert_eq!(theirs.status, 404);
    assert_eq!(theirs.code(), "not_found");
}

#[tokio::test]
async fn reading_all_leaves_nothing_unread() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    assert_eq!(notifications(&app, &ann).await.unread_count, 1);

    let all = app.client(&ann).read_all_notifications().await;
    assert_eq!(all.status, 204);
    let anns = notifications(&app, &ann).await;
    assert_eq!(anns.unread_count, 0);
    assert!(anns.items.iter().all(|n| n.read_at.is_some()));
}

#[tokio::test]
async fn notifications_page_by_cursor() {
    let app = TestApp::spawn().await;
    let target = app.signup(&TestApp::username("star")).await;
    let mut expected = Vec::new();
    for i in 0..5 {
        let fan = app.signup(&TestApp::username(&format!("fan{i}"))).await;
        app.client(&fan)
            .send_friend_request(To::Id(target.id))
            .await
            .ok();
        expected.push(fan.id);
    }
    let speaks = app.client(&target);
    let mut seen = Vec::new();
    let mut before: Option<Uuid> = None;
    loop {
        let mut params = vec![("limit", "2".to_owned())];
        if let Some(b) = before {
            params.push(("before", b.to_string()));
        }
        let page = speaks.notifications(&params).await.ok();
        assert!(page.items.len() <= 2);
        seen.extend(
            page.items
                .iter()
                .filter_map(|n| n.actor.as_ref())
                .map(|a| a.id),
        );
        assert_eq!(page.unread_count, 5);
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    expected.reverse();
    assert_eq!(seen, expected, "each fan once, newest first");
}

#[tokio::test]
async fn reading_a_notification_tells_the_users_other_tabs() {
    let mut app = TestApp::spawn().await;
    let gateway = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let mut other_tab = confab_testkit::WsClient::connect(&gateway).await;
    other_tab.identify(&bob.access_token).await;
    let speaks = app.client(&bob);

    let id = notifications(&app, &bob).await.items[0].id;
    let read = speaks.read_notification(id).await;
    assert_eq!(read.status, 204);
    let event = other_tab.next_event_of("notification.read").await;
    assert_eq!(event["data"]["ids"], json!([id]));
    assert_eq!(event["data"]["unread_count"], 0);
    // Reading it again keeps the first read time.
    let first_read = notifications(&app, &bob).await.items[0].read_at;
    assert!(first_read.is_some());
    let again = speaks.read_notification(id).await;
    assert_eq!(again.status, 204);
    let later = notifications(&app, &bob).await.items[0].read_at;
    assert_eq!(later, first_read);
}
