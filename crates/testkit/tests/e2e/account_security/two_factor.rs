use super::authenticator::{App, fresh_step};
use confab_testkit::{TestApp, TestUser};

/// A user with codes switched on, and their app.
async fn with_totp(app: &TestApp) -> (TestUser, App, Vec<String>) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let setup = app.client(&ann).totp_setup().await.ok();
    let phone = App::new(&setup.secret);
    fresh_step().await;
    let enabled = app.client(&ann).totp_enable(&phone.code(0)).await.ok();
    let codes = enabled
        .recovery_codes
        .expect("a first set of recovery codes")
        .codes;
    (ann, phone, codes)
}

#[tokio::test]
async fn codes_are_required_once_enabled_and_accepted_one_step_either_side_once_each() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let client = app.client(&ann);
    let setup = client.totp_setup().await.ok();
    assert!(
        setup
            .otpauth_url
            .starts_with(&format!("otpauth://totp/Confab:{}?", ann.username)),
        "{}",
        setup.otpauth_url
    );
    let png = base64_decode(&setup.qr_png_base64);
    assert_eq!(&png[..4], b"\x89PNG");
    let phone = App::new(&setup.secret);

    // Not yet on: the password alone still logs in.
    assert_eq!(
        app.anonymous()
            .login(&ann.username, &ann.password)
            .await
            .status,
        200
    );
    fresh_step().await;
    let wrong = client.totp_enable(&phone.code(5)).await;
    assert_eq!(wrong.status, 403, "a wrong code is no expired login");
    assert_eq!(wrong.code(), "wrong_code");
    // A phone whose clock is a step behind.
    let enabled = client.totp_enable(&phone.code(-1)).await.ok();
    assert_eq!(enabled.recovery_codes.unwrap().codes.len(), 10);
    assert!(client.two_factor().await.ok().totp_enabled);

    let challenged = app
        .anonymous()
        .login_challenged(&ann.username, &ann.password)
        .await;
    assert_eq!(challenged.status, 202);
    let challenge = challenged.ok();
    assert!(challenge.methods.contains(&"totp".to_owned()));
    // The challenge is not a login.
    assert_eq!(
        app.client_with_token(&challenge.challenge)
            .me()
            .await
            .status,
        401
    );

    for steps in [-2, 2] {
        let far = app
            .anonymous()
            .second_factor(&challenge.challenge, &phone.code(steps))
            .await;
        assert_eq!(far.code(), "invalid_second_factor", "{steps} steps away");
    }
    let current = app
        .anonymous()
        .second_factor(&challenge.challenge, &phone.code(0))
        .await;
    assert_eq!(current.status, 200, "the current code");
    let spent = app
        .anonymous()
        .second_factor(&challenge.challenge, &phone.code(1))
        .await;
    assert_eq!(
        spent.code(),
        "invalid_challenge",
        "a challenge opens one login"
    );

    // Each code works once, and so does every earlier one: the next login
    // needs a later step (a phone a step ahead has it).
    let next = app
        .anonymous()
        .login_challenged(&ann.username, &ann.password)
        .await
        .ok();
    for steps in [0, -1] {
        let replay = app
            .anonymous()
            .second_factor(&next.challenge, &phone.code(steps))
            .await;
        assert_eq!(replay.code(), "invalid_second_factor", "step {steps} again");
    }
    let ahead = app
        .anonymous()
        .second_factor(&next.challenge, &phone.code(1))
        .await;
    assert_eq!(ahead.status, 200, "one step ahead");

    let log = client.security_events().await.ok();
    assert!(log.iter().any(|e| e.kind == "two_factor.totp_enabled"));
}

#[tokio::test]
async fn a_recovery_code_stands_in_for_the_app_once() {
    let app = TestApp::spawn().await;
    let (ann, _phone, codes) = with_totp(&app).await;
    let first = app
        .anonymous()
        .login_challenged(&ann.username, &ann.password)
        .await
        .ok();
    let used = app
        .anonymous()
        .second_factor_recovery(&first.challenge, &codes[0])
        .await;
    assert_eq!(used.status, 200);
    let again = app
        .anonymous()
        .login_challenged(&ann.username, &ann.password)
        .await
        .ok();
    let reused = app
        .anonymous()
        .second_factor_recovery(&again.challenge, &codes[0])
        .await;
    assert_eq!(reused.code(), "invalid_second_factor");
    assert_eq!(
        app.client(&ann)
            .two_factor()
            .await
            .ok()
            .recovery_codes_remaining,
        9
    );
    let log = app.client(&ann).security_events().await.ok();
    assert!(log.iter().any(|e| e.kind == "recovery_code.used_at_login"));
}

#[tokio::test]
async fn wrong_codes_are_cut_off_for_the_account() {
    let app = TestApp::spawn_with(|s| s.limits.enabled = true).await;
    let (ann, phone, _) = with_totp(&app).await;
    let budget = app.settings.limits.recovery_attempts_per_user.count;
    let challenge = app
        .anonymous()
        .login_challenged(&ann.username, &ann.password)
        .await
        .ok();
    // The enabling code already counted against the budget.
    for _ in 1..budget {
        let guess = app
            .anonymous()
            .second_factor(&challenge.challenge, "000000")
            .await;
        assert_eq!(guess.code(), "invalid_second_factor");
    }
    let cut = app
        .anonymous()
        .second_factor(&challenge.challenge, &phone.code(0))
        .await;
    assert_eq!(cut.status, 429);
    // A fresh challenge does not reset the count.
    let fresh = app
        .anonymous()
        .login_challenged(&ann.username, &ann.password)
        .await
        .ok();
    let still = app
        .anonymous()
        .second_factor(&fresh.challenge, &phone.code(0))
        .await;
    assert_eq!(still.status, 429);
}

#[tokio::test]
async fn switching_codes_off_needs_the_password_and_a_current_code() {
    let app = TestApp::spawn().await;
    let (ann, phone, _) = with_totp(&app).await;
    let client = app.client(&ann);
    fresh_step().await;
    assert_eq!(
        client.totp_disable("not it", &phone.code(1)).await.code(),
        "wrong_password"
    );
    assert_eq!(
        client.totp_disable(&ann.password, "123456").await.code(),
        "wrong_code"
    );
    assert_eq!(
        client
            .totp_disable(&ann.password, &phone.code(1))
            .await
            .status,
        204
    );
    assert!(!client.two_factor().await.ok().totp_enabled);
    assert_eq!(
        app.anonymous()
            .login(&ann.username, &ann.password)
            .await
            .status,
        200
    );
    let log = client.security_events().await.ok();
    assert!(log.iter().any(|e| e.kind == "two_factor.totp_disabled"));
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("base64")
}
