use confab_testkit::{TestApp, WsClient, ws::Ended};
use std::collections::HashSet;
use std::time::Duration;

#[tokio::test]
async fn a_recovery_code_resets_a_forgotten_password_once() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let client = app.client(&ann);
    assert_eq!(client.recovery_codes_status().await.ok().remaining, 0);
    assert_eq!(
        client.new_recovery_codes("not it").await.code(),
        "wrong_password"
    );

    let set = client.new_recovery_codes(&ann.password).await.ok();
    assert_eq!(set.codes.len(), 10);
    assert_eq!(set.codes.iter().collect::<HashSet<_>>().len(), 10);
    assert_eq!(client.recovery_codes_status().await.ok().remaining, 10);
    let mut socket = WsClient::connect(&ws).await;
    socket.identify(&ann.access_token).await;

    // Typed loosely: other case, a space for the dash.
    let typed = set.codes[3].to_uppercase().replace('-', " ");
    let recovered = app
        .anonymous()
        .recover(&ann.username, &typed, "recovered password")
        .await;
    assert_eq!(recovered.status, 204);
    assert_eq!(
        socket.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(4004))
    );
    assert_eq!(client.me().await.code(), "session_revoked");

    let again = app
        .anonymous()
        .recover(&ann.username, &set.codes[3], "another password")
        .await;
    assert_eq!(again.status, 401);
    assert_eq!(again.code(), "invalid_recovery_code");
    let stranger = app
        .anonymous()
        .recover("no_such_user", &set.codes[4], "another password")
        .await;
    assert_eq!(stranger.code(), "invalid_recovery_code");

    let login = app
        .anonymous()
        .login(&ann.username, "recovered password")
        .await
        .ok();
    let me = app.client_with_token(&login.tokens.access_token);
    assert_eq!(me.recovery_codes_status().await.ok().remaining, 9);
    let log = me.security_events().await.ok();
    assert!(
        log.iter()
            .any(|e| e.kind == "password.reset_by_recovery_code")
    );
    assert!(log.iter().any(|e| e.kind == "recovery_codes.generated"));
}

#[tokio::test]
async fn a_new_set_of_codes_replaces_the_old_one() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let client = app.client(&ann);
    let old = client.new_recovery_codes(&ann.password).await.ok();
    let new = client.new_recovery_codes(&ann.password).await.ok();
    assert!(old.codes.iter().all(|c| !new.codes.contains(c)));
    let stale = app
        .anonymous()
        .recover(&ann.username, &old.codes[0], "recovered password")
        .await;
    assert_eq!(stale.code(), "invalid_recovery_code");
    let fresh = app
        .anonymous()
        .recover(&ann.username, &new.codes[0], "recovered password")
        .await;
    assert_eq!(fresh.status, 204);
}

#[tokio::test]
async fn guessing_recovery_codes_for_an_account_is_cut_off() {
    let app = TestApp::spawn_with(|s| s.limits.enabled = true).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let codes = app
        .client(&ann)
        .new_recovery_codes(&ann.password)
        .await
        .ok();
    let budget = app.settings.limits.recovery_attempts_per_user.count;
    for _ in 0..budget {
        let guess = app
            .anonymous()
            .recover(&ann.username, "aaaaa-aaaaa", "a new password")
            .await;
        assert_eq!(guess.code(), "invalid_recovery_code");
    }
    let cut = app
        .anonymous()
        .recover(&ann.username, &codes.codes[0], "a new password")
        .await;
    assert_eq!(cut.status, 429);
    // The owner's password still works: a guesser locks out only guessing.
    assert_eq!(
        app.anonymous()
            .login(&ann.username, &ann.password)
            .await
            .status,
        200
    );
}
