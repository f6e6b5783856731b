use confab_testkit::{TestApp, WsClient, configured_command, ws::Ended};
use std::time::Duration;

/// The close code of a socket whose login ended.
const LOGIN_ENDED: u16 = 4004;

#[tokio::test]
async fn a_mailed_reset_sets_the_password_and_ends_every_login_with_its_sockets() {
    let mut app = TestApp::spawn_with_mail(|_| {}).await;
    let ws = app.spawn_gateway().await;
    let (ann, email) = app.verified_user("ann").await;
    let phone = app.login_again(&ann).await;
    let mut socket = WsClient::connect(&ws).await;
    socket.identify(&phone.access_token).await;

    assert_eq!(
        app.anonymous()
            .forgot_password(&email.to_uppercase())
            .await
            .status,
        202
    );
    let mail = app
        .inbox()
        .wait_for_subject(&email, "Reset your Confab password")
        .await;
    assert!(
        mail.link("http://confab.test/reset-password#token=")
            .is_some()
    );
    let token = mail.token().unwrap();

    let reset = app
        .anonymous()
        .reset_password(&token, "a brand new password")
        .await;
    assert_eq!(reset.status, 204);
    assert_eq!(
        socket.ended(Duration::from_secs(1)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
    for login in [&ann, &phone] {
        assert_eq!(app.client(login).me().await.code(), "session_revoked");
        assert_eq!(
            app.anonymous().refresh(&login.refresh_token).await.status,
            401
        );
    }
    assert_eq!(
        app.anonymous()
            .login(&ann.username, &ann.password)
            .await
            .status,
        401
    );
    let fresh = app
        .anonymous()
        .login(&ann.username, "a brand new password")
        .await
        .ok();

    let again = app
        .anonymous()
        .reset_password(&token, "yet another password")
        .await;
    assert_eq!(again.status, 410);
    assert_eq!(again.code(), "link_used");

    let told = app
        .inbox()
        .wait_for_subject(&email, "Your Confab password was reset")
        .await;
    assert!(told.text.contains("with a reset link"), "{}", told.text);
    let me = app.client_with_token(&fresh.tokens.access_token);
    let log = me.security_events().await.ok();
    assert!(
        log.iter()
            .any(|e| e.kind == "password.reset_by_email" && e.ip.as_deref() == Some("127.0.0.1")),
        "{log:?}"
    );
    let notes = me.notifications(&[]).await.ok();
    assert!(
        notes
            .items
            .iter()
            .any(|n| n.kind == "account.password_reset")
    );
}

#[tokio::test]
async fn an_unknown_email_is_answered_exactly_like_a_known_one() {
    let app = TestApp::spawn_with_mail(|_| {}).await;
    let (_ann, known) = app.verified_user("ann").await;
    let name = TestApp::username("bob");
    let unproven = format!("{name}@confab.test");
    app.signup_with_email(&name, &unproven).await;
    app.inbox().wait_for_mail(&unproven, 1).await;

    let ask = |email: String| {
        let app = &app;
        async move {
            let response = app
                .client
                .post(app.url("/api/v1/auth/password/forgot"))
                .json(&serde_json::json!({ "email": email }))
                .send()
                .await
                .unwrap();
            let status = response.status();
            let mut headers: Vec<String> = response
                .headers()
                .iter()
                .filter(|(name, _)| !["date", "x-request-id"].contains(&name.as_str()))
                .map(|(name, value)| format!("{name}: {value:?}"))
                .collect();
            headers.sort();
            (status, headers, response.bytes().await.unwrap())
        }
    };
    let for_known = ask(known.clone()).await;
    let for_unknown = ask("nobody.here@confab.test".into()).await;
    let for_unproven = ask(unproven.clone()).await;
    assert_eq!(for_known.0, 202);
    assert_eq!(for_known, for_unknown);
    assert_eq!(for_known, for_unproven);

    app.inbox()
        .wait_for_subject(&known, "Reset your Confab password")
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(app.inbox().mails_to("nobody.here@confab.test").is_empty());
    // An address nobody proved gets no reset link: whoever typed it may not
    // own it.
    assert_eq!(app.inbox().mails_to(&unproven).len(), 1);
}

#[tokio::test]
async fn an_operator_reset_link_works_on_a_server_that_sends_no_mail() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;

    let output = configured_command("confab-api", &app.settings)
        .args(["admin", "reset-link", &ann.username.to_uppercase()])
        .output()
        .expect("run confab-api admin reset-link");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let link = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    let token = link
        .strip_prefix(&format!(
            "{}/reset-password#token=",
            app.settings.public_url
        ))
        .unwrap_or_else(|| panic!("not a reset link: {link}"));

    assert_eq!(
        app.anonymous()
            .reset_password(token, "set by the operator")
            .await
            .status,
        204
    );
    assert_eq!(app.client(&ann).me().await.code(), "session_revoked");
    let login = app
        .anonymous()
        .login(&ann.username, "set by the operator")
        .await
        .ok();
    let log = app
        .client_with_token(&login.tokens.access_token)
        .security_events()
        .await
        .ok();
    assert!(log.iter().any(|e| e.kind == "password.reset_by_operator"));
    let twice = app
        .anonymous()
        .reset_password(token, "set by the operator")
        .await;
    assert_eq!(twice.code(), "link_used");

    let unknown = configured_command("confab-api", &app.settings)
        .args(["admin", "reset-link", "no_such_user"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
}
