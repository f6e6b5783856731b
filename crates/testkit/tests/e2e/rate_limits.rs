//! Every rate limit answers 429 with `Retry-After` past its count, and lets
//! calls through again once its window has passed.

use confab_domain::settings::{LimitSettings, Rule};
use confab_testkit::{TestApp, TestUser, error_code};
use reqwest::Response;
use serde_json::json;
use std::time::Duration;

const WINDOW: u64 = 2;

/// Limits on, each allowing `count` per two-second window.
async fn app_with_limits(count: u32) -> TestApp {
    app_with_limits_and(count, |_| {}).await
}

/// The same, with some limits changed.
async fn app_with_limits_and(count: u32, tweak: impl FnOnce(&mut LimitSettings)) -> TestApp {
    TestApp::spawn_with(|s| {
        let rule = Rule {
            count,
            window_secs: WINDOW,
        };
        let l = &mut s.limits;
        l.enabled = true;
        l.login_per_ip = rule;
        l.login_failures_per_account = rule;
        l.signup_per_ip = rule;
        l.refresh_per_ip = rule;
        l.messages_per_user = rule;
        l.messages_per_ip = Rule {
            count: 1000,
            ..rule
        };
        l.friend_requests_per_user = rule;
        l.uploads_per_user = rule;
        l.uploads_per_ip = Rule {
            count: 1000,
            ..rule
        };
        tweak(l);
    })
    .await
}

async fn expect_limited(response: Response, what: &str) {
    assert_eq!(response.status(), 429, "{what}");
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=WINDOW).contains(&retry), "{what}: Retry-After {retry}");
    assert_eq!(error_code(response).await, "rate_limited", "{what}");
}

async fn after_the_window() {
    tokio::time::sleep(Duration::from_millis(WINDOW * 1000 + 300)).await;
}

#[tokio::test]
async fn signups_per_address() {
    let app = app_with_limits(2).await;
    app.signup(&TestApp::username("a")).await;
    app.signup(&TestApp::username("b")).await;
    let third = app
        .post(
            "/api/v1/auth/signup",
            None,
            json!({"username": TestApp::username("c"), "password": "password-123"}),
        )
        .await;
    expect_limited(third, "third signup").await;
    after_the_window().await;
    app.signup(&TestApp::username("d")).await;
}

async fn login(app: &TestApp, user: &TestUser, password: &str) -> Response {
    let body = json!({"username": user.username, "password": password});
    app.post("/api/v1/auth/login", None, body).await
}

#[tokio::test]
async fn failed_logins_lock_an_unknown_device_out_for_the_window() {
    let app = app_with_limits_and(3, |l| l.login_per_ip.count = 1000).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    for _ in 0..3 {
        assert_eq!(login(&app, &ann, "wrong-password").await.status(), 401);
    }
    // From this address without a device cookie, even the right password is
    // refused until the window passes (a known device is not: see
    // security::passwords).
    expect_limited(login(&app, &ann, &ann.password).await, "locked account").await;
    after_the_window().await;
    assert_eq!(login(&app, &ann, &ann.password).await.status(), 200);
    // Successes do not count as failures.
    for i in 0..5 {
        let r = login(&app, &ann, &ann.password).await;
        let status = r.status();
        assert_eq!(status, 200, "success {i}: {}", r.text().await.unwrap());
    }
}

#[tokio::test]
async fn logins_per_address() {
    let app = app_with_limits_and(3, |l| l.login_failures_per_account.count = 1000).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    for _ in 0..3 {
        assert_eq!(login(&app, &ann, &ann.password).await.status(), 200);
    }
    expect_limited(login(&app, &ann, &ann.password).await, "fourth login").await;
    after_the_window().await;
    assert_eq!(login(&app, &ann, &ann.password).await.status(), 200);
}

#[tokio::test]
async fn refreshes_per_address() {
    let app = app_with_limits(2).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let mut token = ann.refresh_token.clone();
    for _ in 0..2 {
        let response = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": token}),
            )
            .await;
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        token = body["refresh_token"].as_str().unwrap().to_owned();
    }
    let third = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": token}),
        )
        .await;
    expect_limited(third, "third refresh").await;
    after_the_window().await;
    let later = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": token}),
        )
        .await;
    assert_eq!(
        later.status(),
        200,
        "the refused call did not spend the token"
    );
}

#[tokio::test]
async fn messages_friend_requests_and_uploads_per_user() {
    let app = app_with_limits(3).await;
    let users: Vec<TestUser> = {
        let mut v = Vec::new();
        for (i, name) in ["ann", "bob", "cat", "dan", "eve"].into_iter().enumerate() {
            if i == 3 {
                after_the_window().await; // signups are limited too
            }
            v.push(app.signup(&TestApp::username(name)).await);
        }
        v
    };
    after_the_window().await;
    let (ann, bob) = (&users[0], &users[1]);
    // Friend requests: befriending bob is one; two more, then refused.
    app.befriend(ann, bob).await;
    for other in &users[2..4] {
        let r = app
            .post(
                "/api/v1/friends/requests",
                Some(&ann.access_token),
                json!({"user_id": other.id}),
            )
            .await;
        assert_eq!(r.status(), 201);
    }
    let r = app
        .post(
            "/api/v1/friends/requests",
            Some(&ann.access_token),
            json!({"user_id": users[4].id}),
        )
        .await;
    expect_limited(r, "fourth friend request").await;

    let dm = app.open_dm(ann, bob).await;
    for i in 0..3 {
        app.say(ann, dm, &format!("m{i}")).await;
    }
    expect_limited(
        app.send_message(ann, dm, json!({"body": "one too many"}))
            .await,
        "fourth message",
    )
    .await;
    app.say(bob, dm, "bob has his own budget").await;
    after_the_window().await;
    app.say(ann, dm, "again").await;

    let ogg = || {
        let mut bytes = b"OggS\x00\x02".to_vec();
        bytes.extend(std::iter::repeat_n(0u8, 600));
        bytes
    };
    for _ in 0..3 {
        app.upload_ok(bob, "v.ogg", ogg()).await;
    }
    expect_limited(
        app.upload(bob, "v.ogg", "audio/ogg", ogg()).await,
        "fourth upload",
    )
    .await;
    after_the_window().await;
    app.upload_ok(bob, "v.ogg", ogg()).await;
}
