use confab_testkit::{TestApp, WsClient, ws::Ended};
use std::time::Duration;

const FIREFOX_ON_LINUX: &str =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

#[tokio::test]
async fn sessions_are_listed_and_one_revoked_closes_its_socket_within_a_second() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let laptop = app
        .anonymous()
        .as_device(FIREFOX_ON_LINUX)
        .login(&ann.username, &ann.password)
        .await
        .ok()
        .tokens;
    let mut laptop_socket = WsClient::connect(&ws).await;
    laptop_socket.identify(&laptop.access_token).await;
    let mut own_socket = WsClient::connect(&ws).await;
    own_socket.identify(&ann.access_token).await;

    let sessions = app.client(&ann).sessions().await.ok();
    assert_eq!(sessions.len(), 2);
    let (current, other): (Vec<_>, Vec<_>) = sessions.into_iter().partition(|s| s.current);
    assert_eq!(current.len(), 1);
    assert_eq!(other[0].device, "Firefox on Linux");
    assert_eq!(other[0].ip.as_deref(), Some("127.0.0.1"));

    let mallory = app.signup(&TestApp::username("mal")).await;
    let foreign = app.client(&mallory).revoke_session(other[0].id).await;
    assert_eq!(
        foreign.status, 404,
        "someone else's login is not theirs to end"
    );

    assert_eq!(
        app.client(&ann).revoke_session(other[0].id).await.status,
        204
    );
    assert_eq!(
        laptop_socket.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(4004))
    );
    let laptop_client = app.client_with_token(&laptop.access_token);
    assert_eq!(laptop_client.me().await.code(), "session_revoked");
    assert_eq!(
        app.anonymous().refresh(&laptop.refresh_token).await.status,
        401
    );
    assert_eq!(
        app.client(&ann).revoke_session(other[0].id).await.status,
        404
    );

    // This login and its socket are untouched.
    assert_eq!(app.client(&ann).me().await.status, 200);
    own_socket
        .send_json(serde_json::json!({"op": "ping"}))
        .await;
    assert_eq!(own_socket.recv_reply().await["op"], "pong");
    let log = app.client(&ann).security_events().await.ok();
    assert_eq!(log[0].kind, "session.revoked");
}

#[tokio::test]
async fn ending_every_other_session_keeps_this_one() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let phone = app.login_again(&ann).await;
    let tablet = app.login_again(&ann).await;
    assert_eq!(app.client(&phone).revoke_other_sessions().await.status, 204);
    assert_eq!(app.client(&ann).me().await.code(), "session_revoked");
    assert_eq!(app.client(&tablet).me().await.code(), "session_revoked");
    let left = app.client(&phone).sessions().await.ok();
    assert_eq!(left.len(), 1);
    assert!(left[0].current);
}

#[tokio::test]
async fn a_login_from_a_device_the_account_has_not_seen_is_announced() {
    let app = TestApp::spawn_with_mail(|_| {}).await;
    let (ann, email) = app.verified_user("ann").await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("user-agent", FIREFOX_ON_LINUX)
        .json(&serde_json::json!({"username": ann.username, "password": ann.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let device_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("confab_device="))
        .and_then(|v| v.split(';').next())
        .expect("a device cookie")
        .to_owned();

    let mail = app.inbox().wait_for_mail(&email, 2).await;
    assert_eq!(mail.subject, "New login to your Confab account");
    assert!(mail.text.contains("Firefox on Linux"), "{}", mail.text);
    let notes = app.client(&ann).notifications(&[]).await.ok();
    let notice = notes
        .items
        .iter()
        .find(|n| n.kind == "account.new_login")
        .expect("a new-login notification");
    assert_eq!(notice.data["device"], "Firefox on Linux");
    assert!(notice.actor.is_none());

    // The same device, back again, is known: no second notice.
    let again = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("user-agent", FIREFOX_ON_LINUX)
        .header("cookie", device_cookie)
        .json(&serde_json::json!({"username": ann.username, "password": ann.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.inbox().mails_to(&email).len(), 2);
    let notes = app.client(&ann).notifications(&[]).await.ok();
    let count = notes
        .items
        .iter()
        .filter(|n| n.kind == "account.new_login")
        .count();
    assert_eq!(count, 1);
}
