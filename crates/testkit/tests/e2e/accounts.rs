use confab_testkit::{TestApp, TestUser};
use serde_json::{Value, json};

/// A second login of the same user; returns its refresh token.
async fn log_in_again(app: &TestApp, user: &TestUser) -> String {
    let answer = app.anonymous().login(&user.username, &user.password).await;
    assert_eq!(answer.status, 200);
    answer.ok().tokens.refresh_token
}

#[tokio::test]
async fn signing_up_returns_the_user_and_working_tokens() {
    let app = TestApp::spawn().await;
    let name = TestApp::username("Ann");
    let answer = app
        .anonymous()
        .signup(json!({"username": name, "password": "long-enough", "email": "ann@example.org", "display_name": " Ann "}))
        .await;
    assert_eq!(answer.status, 201);
    let body = answer.ok();
    assert_eq!(body.user.profile.username, name.to_lowercase());
    assert_eq!(body.user.profile.display_name.as_deref(), Some("Ann"));
    assert_eq!(body.user.email.as_deref(), Some("ann@example.org"));
    assert!(body.tokens.refresh_token.len() >= 32);

    let me = app.client_with_token(&body.tokens.access_token).me().await;
    assert_eq!(me.status, 200);
    assert_eq!(me.ok().profile.id, body.user.profile.id);
}

#[tokio::test]
async fn no_answer_about_oneself_carries_the_password_hash() {
    let app = TestApp::spawn().await;
    // Raw: the point is a field the typed answer would silently drop.
    let signup = app
        .post(
            "/api/v1/auth/signup",
            None,
            json!({"username": TestApp::username("ann"), "password": "long-enough"}),
        )
        .await;
    assert_eq!(signup.status(), 201);
    let body: Value = signup.json().await.unwrap();
    assert!(body["user"].is_object());
    assert!(body["user"].get("password_hash").is_none());
    let me: Value = app
        .get("/api/v1/users/me", body["access_token"].as_str())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["id"], body["user"]["id"]);
    assert!(me.get("password_hash").is_none());
}

#[tokio::test]
async fn a_username_taken_in_another_case_is_a_conflict() {
    let app = TestApp::spawn().await;
    let name = TestApp::username("bob");
    app.signup(&name).await;
    let answer = app
        .anonymous()
        .signup(json!({"username": name.to_uppercase(), "password": "another-password"}))
        .await;
    assert_eq!(answer.status, 409);
    assert_eq!(answer.code(), "username_taken");
    // The first owner's login still works.
    let first = app
        .anonymous()
        .login(&name, &format!("{name}-password"))
        .await;
    assert_eq!(first.status, 200);
}

#[tokio::test]
async fn invalid_fields_are_refused_with_a_code_naming_the_field() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            json!({"username": "ab", "password": "long-enough"}),
            "invalid_username",
        ),
        (
            json!({"username": "white space", "password": "long-enough"}),
            "invalid_username",
        ),
        (
            json!({"username": "x".repeat(33), "password": "long-enough"}),
            "invalid_username",
        ),
        (
            json!({"username": "valid_name", "password": "short"}),
            "invalid_password",
        ),
        (
            json!({"username": "valid_name", "password": "p".repeat(129)}),
            "invalid_password",
        ),
        (
            json!({"username": "valid_name", "password": "long-enough", "email": "nope"}),
            "invalid_email",
        ),
        (
            json!({"username": "valid_name", "password": "long-enough", "display_name": "d".repeat(65)}),
            "invalid_display_name",
        ),
        (json!({"password": "long-enough"}), "invalid_body"),
        (
            json!({"username": 12, "password": "long-enough"}),
            "invalid_body",
        ),
    ];
    for (body, expected) in cases {
        let answer = app.anonymous().signup(body.clone()).await;
        assert_eq!(answer.status, 400, "{body}");
        assert_eq!(answer.code(), expected, "{body}");
    }
    // Nothing was created along the way.
    let login = app.anonymous().login("valid_name", "long-enough").await;
    assert_eq!(login.status, 401);
    assert_eq!(login.code(), "invalid_credentials");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_look_the_same() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("cy")).await;
    let anyone = app.anonymous();
    let wrong = anyone.login(&user.username, "not-the-password").await;
    assert_eq!(wrong.status, 401);
    let wrong = wrong.error();
    let unknown = anyone.login("nobody_here", "not-the-password").await;
    assert_eq!(unknown.status, 401);
    let unknown = unknown.error();
    assert_eq!(
        (&wrong.code, &wrong.message),
        (&unknown.code, &unknown.message)
    );
    assert_eq!(wrong.code, "invalid_credentials");

    let right = anyone
        .login(&user.username.to_uppercase(), &user.password)
        .await;
    assert_eq!(right.status, 200);
    assert_eq!(right.ok().user.profile.id, user.id);
}

#[tokio::test]
async fn refreshing_rotates_the_refresh_token() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("dee")).await;
    let answer = app.anonymous().refresh(&user.refresh_token).await;
    assert_eq!(answer.status, 200);
    let pair = answer.ok();
    assert_ne!(pair.refresh_token, user.refresh_token);
    let me = app.client_with_token(&pair.access_token).me().await;
    assert_eq!(me.status, 200);
    assert_eq!(me.ok().profile.id, user.id);
    // The new one works in turn.
    assert_eq!(
        app.anonymous().refresh(&pair.refresh_token).await.status,
        200
    );
}

#[tokio::test]
async fn reusing_a_spent_refresh_token_revokes_the_whole_login() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("eve")).await;
    let anyone = app.anonymous();
    let newer = anyone.refresh(&user.refresh_token).await.ok().refresh_token;

    let reuse = anyone.refresh(&user.refresh_token).await;
    assert_eq!(reuse.status, 401);
    assert_eq!(reuse.code(), "refresh_token_reused");

    let after = anyone.refresh(&newer).await;
    assert_eq!(
        after.status, 401,
        "the newer token of that login is revoked too"
    );
    assert_eq!(after.code(), "session_revoked");

    // Other logins of the same user are untouched.
    let other_refresh = log_in_again(&app, &user).await;
    assert_eq!(anyone.refresh(&other_refresh).await.status, 200);
}

#[tokio::test]
async fn an_unknown_refresh_token_is_refused() {
    let app = TestApp::spawn().await;
    let answer = app.anonymous().refresh("not-a-token").await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.code(), "invalid_refresh_token");
}

#[tokio::test]
async fn logging_out_ends_that_login_only() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("fay")).await;
    let anyone = app.anonymous();
    let second = log_in_again(&app, &user).await;
    let answer = anyone.logout(&user.refresh_token).await;
    assert_eq!(answer.status, 204);
    let ended = anyone.refresh(&user.refresh_token).await;
    assert_eq!(ended.status, 401);
    assert_eq!(ended.code(), "session_revoked");
    assert_eq!(anyone.refresh(&second).await.status, 200);
    // Twice is fine.
    let again = anyone.logout(&user.refresh_token).await;
    assert_eq!(again.status, 204);
}

#[tokio::test]
async fn the_profile_can_be_edited_and_cleared() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("gil")).await;
    let speaks = app.client(&user);
    let answer = speaks
        .update_me(json!({"display_name": "Gil", "bio": "hello", "status_text": "busy"}))
        .await;
    assert_eq!(answer.status, 200);
    let me = answer.ok().profile;
    assert_eq!(
        (
            me.display_name.as_deref(),
            me.bio.as_str(),
            me.status_text.as_str()
        ),
        (Some("Gil"), "hello", "busy")
    );

    // Absent fields stay; null clears.
    let me = speaks
        .update_me(json!({"display_name": null}))
        .await
        .ok()
        .profile;
    assert!(me.display_name.is_none());
    assert_eq!(me.bio, "hello");
    let me = speaks
        .update_me(json!({"display_name": "Gil", "email": "g@example.org"}))
        .await
        .ok();
    assert_eq!(me.email.as_deref(), Some("g@example.org"));
    let me = speaks
        .update_me(json!({"display_name": "", "email": ""}))
        .await
        .ok();
    assert!(
        me.profile.display_name.is_none() && me.email.is_none(),
        "empty strings clear"
    );

    let bad = speaks.update_me(json!({"bio": "b".repeat(501)})).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.code(), "invalid_bio");
    // The refused change left the profile as it was.
    let read_back = speaks.me().await.ok();
    assert_eq!(read_back.profile.bio, "hello");
    assert_eq!(read_back.profile.status_text, "busy");
}

#[tokio::test]
async fn changing_the_password_ends_the_other_logins() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("hal")).await;
    let (speaks, anyone) = (app.client(&user), app.anonymous());
    let other = log_in_again(&app, &user).await;

    let wrong = speaks.change_password("nope-nope", "brand-new-pass").await;
    assert_eq!(wrong.status, 403);
    assert_eq!(wrong.code(), "wrong_password");

    let short = speaks.change_password(&user.password, "short").await;
    assert_eq!(short.status, 400);
    assert_eq!(short.code(), "invalid_password");

    let changed = speaks
        .change_password(&user.password, "brand-new-pass")
        .await;
    assert_eq!(changed.status, 204);

    let ended = anyone.refresh(&other).await;
    assert_eq!(ended.status, 401);
    assert_eq!(ended.code(), "session_revoked");
    assert_eq!(
        anyone.refresh(&user.refresh_token).await.status,
        200,
        "this login stays"
    );
    let old = anyone.login(&user.username, &user.password).await;
    assert_eq!(old.status, 401);
    assert_eq!(old.code(), "invalid_credentials");
    let new = anyone.login(&user.username, "brand-new-pass").await;
    assert_eq!(new.status, 200);
}

#[tokio::test]
async fn a_deleted_account_is_gone_and_its_name_is_free() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("ivy")).await;
    let (speaks, anyone) = (app.client(&user), app.anonymous());

    let wrong = speaks.delete_me("wrong-password").await;
    assert_eq!(wrong.status, 403);
    assert_eq!(wrong.code(), "wrong_password");
    assert_eq!(speaks.me().await.status, 200, "a refusal deletes nothing");

    let deleted = speaks.delete_me(&user.password).await;
    assert_eq!(deleted.status, 204);

    // Deleting ended every login, so the token is refused before any lookup.
    let me = speaks.me().await;
    assert_eq!(me.status, 401);
    assert_eq!(me.code(), "session_revoked");
    let refreshed = anyone.refresh(&user.refresh_token).await;
    assert_eq!(refreshed.status, 401);
    assert_eq!(refreshed.code(), "session_revoked");
    let login = anyone.login(&user.username, &user.password).await;
    assert_eq!(login.status, 401);
    assert_eq!(login.code(), "invalid_credentials");
    let again = app.signup(&user.username).await;
    assert_ne!(again.id, user.id, "a new account under the freed name");
}
