use confab_testkit::TestApp;
use serde_json::{Value, json};

#[tokio::test]
async fn friend_requests_notify_and_notifications_can_be_read() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;

    let bobs = app.get_json("/api/v1/notifications", &bob).await;
    assert_eq!(bobs["unread_count"], 1);
    assert_eq!(bobs["items"][0]["kind"], "friend_request.received");
    assert_eq!(bobs["items"][0]["actor"]["id"], ann.id.to_string());
    let anns = app.get_json("/api/v1/notifications", &ann).await;
    assert_eq!(anns["items"][0]["kind"], "friend_request.accepted");
    assert_eq!(anns["items"][0]["actor"]["id"], bob.id.to_string());

    let id = bobs["items"][0]["id"].as_str().unwrap();
    let read = app
        .post(
            &format!("/api/v1/notifications/{id}/read"),
            Some(&bob.access_token),
            json!({}),
        )
        .await;
    assert_eq!(read.status(), 204);
    let bobs = app.get_json("/api/v1/notifications", &bob).await;
    assert_eq!(bobs["unread_count"], 0);
    assert!(bobs["items"][0]["read_at"].is_string());
    // Someone else's notification is not found.
    let theirs = app
        .post(
            &format!("/api/v1/notifications/{id}/read"),
            Some(&ann.access_token),
            json!({}),
        )
        .await;
    assert_eq!(theirs.status(), 404);

    let all = app
        .post(
            "/api/v1/notifications/read-all",
            Some(&ann.access_token),
            json!({}),
        )
        .await;
    assert_eq!(all.status(), 204);
    assert_eq!(
        app.get_json("/api/v1/notifications", &ann).await["unread_count"],
        0
    );
}

#[tokio::test]
async fn notifications_page_by_cursor() {
    let app = TestApp::spawn().await;
    let target = app.signup(&TestApp::username("star")).await;
    for i in 0..5 {
        let fan = app.signup(&TestApp::username(&format!("fan{i}"))).await;
        app.post(
            "/api/v1/friends/requests",
            Some(&fan.access_token),
            json!({"user_id": target.id}),
        )
        .await;
    }
    let mut seen = 0;
    let mut before: Option<String> = None;
    loop {
        let mut path = "/api/v1/notifications?limit=2".to_owned();
        if let Some(b) = &before {
            path.push_str(&format!("&before={b}"));
        }
        let page: Value = app.get_json(&path, &target).await;
        seen += page["items"].as_array().unwrap().len();
        assert_eq!(page["unread_count"], 5);
        match page["next_before"].as_str() {
            Some(next) => before = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, 5);
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

    let bobs = app.get_json("/api/v1/notifications", &bob).await;
    let id = bobs["items"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/notifications/{id}/read");
    let read = app.post(&path, Some(&bob.access_token), json!({})).await;
    assert_eq!(read.status(), 204);
    let event = other_tab.next_event_of("notification.read").await;
    assert_eq!(event["data"]["ids"], json!([id]));
    assert_eq!(event["data"]["unread_count"], 0);
    // Reading it again keeps the first read time.
    let first_read =
        app.get_json("/api/v1/notifications", &bob).await["items"][0]["read_at"].clone();
    let again = app.post(&path, Some(&bob.access_token), json!({})).await;
    assert_eq!(again.status(), 204);
    let later = app.get_json("/api/v1/notifications", &bob).await["items"][0]["read_at"].clone();
    assert_eq!(later, first_read);
}
