//! Password checks cannot starve the service, and a stranger's guesses cannot
//! lock the owner out.

use confab_domain::settings::Argon2Settings;
use confab_testkit::{TestApp, TestUser, error_code};
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_hundred_concurrent_password_changes_do_not_stall_sends() {
    let app = TestApp::spawn_with(|s| {
        // The production cost, so each check takes real time and memory.
        s.auth.argon2 = Argon2Settings {
            memory_kib: 19456,
            iterations: 2,
            parallelism: 1,
        };
    })
    .await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&alice, &bob).await;
    let dm = app.open_dm(&alice, &bob).await;
    let mallory = app.signup(&TestApp::username("mallory")).await;

    // Mallory's wrong guesses and Alice's sends, in flight together.
    let mallory_speaks = app.client(&mallory);
    let guesses: Vec<String> = (0..100).map(|i| format!("wrong-{i}")).collect();
    let storm = futures_util::future::join_all(
        guesses
            .iter()
            .map(|guess| mallory_speaks.change_password(guess, "whatever-new-1")),
    );
    let alice_speaks = app.client(&alice);
    let sends = async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let mut slowest = Duration::ZERO;
        for n in 0..5 {
            let started = Instant::now();
            let sent = alice_speaks.say(dm, &format!("during the storm {n}")).await;
            slowest = slowest.max(started.elapsed());
            assert_eq!(sent.status, 201, "a send during the storm");
        }
        slowest
    };
    let (answers, slowest) = tokio::join!(storm, sends);
    eprintln!("slowest send during the storm: {slowest:?}");
    // Generous: the old code made sends wait for the whole storm (seconds).
    assert!(
        slowest < Duration::from_millis(1000),
        "slowest send {slowest:?}"
    );
    for answer in answers {
        let status = answer.status.as_u16();
        let code = answer.code();
        assert!(
            (status, code.as_str()) == (403, "wrong_password")
                || (status, code.as_str()) == (503, "busy"),
            "a wrong password is 403, or 503 busy when too many run: {status} {code}"
        );
    }
    let history = alice_speaks.history(dm).await.ok();
    assert_eq!(history.items.len(), 5, "every send of the storm arrived");
    // Mallory's password is unchanged.
    let login = app
        .anonymous()
        .login(&mallory.username, &mallory.password)
        .await;
    assert_eq!(login.status, 200);
}

/// What a login from an address answered.
struct Login {
    status: u16,
    /// The error's code, if refused.
    code: Option<String>,
    /// The device cookie set, if any.
    device: Option<String>,
}

/// Logs in from `address` (the API trusts X-Forwarded-For here), with the
/// device cookie if given. Raw: the forwarded address and the cookies are the
/// point, and the typed client sends neither.
async fn login_from(
    app: &TestApp,
    user: &TestUser,
    password: &str,
    address: &str,
    device: Option<&str>,
) -> Login {
    let mut request = app
        .client
        .request(Method::POST, app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", address)
        .json(&json!({"username": user.username, "password": password}));
    if let Some(cookie) = device {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let device = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("confab_device="))
        .map(|v| v.split(';').next().unwrap().to_owned());
    let code = if response.status().is_success() {
        None
    } else {
        Some(error_code(response).await)
    };
    Login {
        status,
        code,
        device,
    }
}

/// Asserts a login was refused as a wrong password (401) or slowed down (429);
/// returns whether it was slowed down.
fn refused(login: &Login) -> bool {
    match (login.status, login.code.as_deref()) {
        (401, Some("invalid_credentials")) => false,
        (429, Some("rate_limited")) => true,
        (status, code) => panic!("neither refused nor slowed down: {status} {code:?}"),
    }
}

#[tokio::test]
async fn ten_wrong_passwords_from_elsewhere_do_not_lock_out_a_known_device() {
    let app = TestApp::spawn_with(|s| {
        s.limits.enabled = true;
        s.limits.trust_forwarded_for = true;
    })
    .await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let home = login_from(&app, &alice, &alice.password, "198.51.100.1", None).await;
    assert_eq!(home.status, 200);
    let device = home.device.expect("a device cookie");
    let cookie = reqwest::header::HeaderValue::from_str(&device).unwrap();
    assert!(!cookie.is_empty());

    let stranger = "203.0.113.9";
    let mut slowed = 0;
    for _ in 0..12 {
        let guess = login_from(&app, &alice, "guess-guess", stranger, None).await;
        slowed += usize::from(refused(&guess));
    }
    assert!(slowed >= 2, "the guessing address is slowed down");
    let right = login_from(&app, &alice, &alice.password, stranger, None).await;
    assert_eq!(
        right.status, 429,
        "even the right password, from the guessing address"
    );
    assert_eq!(right.code.as_deref(), Some("rate_limited"));

    // Alice's own device: at home, and on the road.
    for address in ["198.51.100.1", "192.0.2.5"] {
        let own = login_from(&app, &alice, &alice.password, address, Some(&device)).await;
        assert_eq!(own.status, 200, "{address}");
    }
    // A new device of hers elsewhere is not locked out by the stranger either.
    let new_device = login_from(&app, &alice, &alice.password, "192.0.2.77", None).await;
    assert_eq!(new_device.status, 200);
    // A cookie for another account proves nothing here.
    let bob = app.signup(&TestApp::username("bob")).await;
    let bobs_device = login_from(&app, &bob, &bob.password, "198.51.100.2", None)
        .await
        .device;
    let mut stranger_refused = false;
    for _ in 0..12 {
        let guess = login_from(
            &app,
            &alice,
            "guess-again",
            stranger,
            bobs_device.as_deref(),
        )
        .await;
        stranger_refused |= refused(&guess);
    }
    assert!(stranger_refused);
}
