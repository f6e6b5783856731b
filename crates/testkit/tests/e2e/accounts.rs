use confab_testkit::{TestApp, error_code};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn signing_up_returns_the_user_and_working_tokens() {
    let app = TestApp::spawn().await;
    let name = TestApp::username("Ann");
    let response = app
        .post(
            "/api/v1/auth/signup",
            None,
            json!({"username": name, "password": "long-enough", "email": "ann@example.org", "display_name": " Ann "}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["username"], name.to_lowercase());
    assert_eq!(body["user"]["display_name"], "Ann");
    assert_eq!(body["user"]["email"], "ann@example.org");
    assert!(body["user"].get("password_hash").is_none());
    let access = body["access_token"].as_str().unwrap();
    assert!(body["refresh_token"].as_str().unwrap().len() >= 32);

    let me = app.get("/api/v1/users/me", Some(access)).await;
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["id"], body["user"]["id"]);
}

#[tokio::test]
async fn a_username_taken_in_another_case_is_a_conflict() {
    let app = TestApp::spawn().await;
    let name = TestApp::username("bob");
    app.signup(&name).await;
    let response = app
        .post(
            "/api/v1/auth/signup",
            None,
            json!({"username": name.to_uppercase(), "password": "another-password"}),
        )
        .await;
    assert_eq!(response.status(), 409);
    assert_eq!(error_code(response).await, "username_taken");
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
        let response = app.post("/api/v1/auth/signup", None, body.clone()).await;
        assert_eq!(response.status(), 400, "{body}");
        assert_eq!(error_code(response).await, expected, "{body}");
    }
    // Nothing was created along the way.
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": "valid_name", "password": "long-enough"}),
        )
        .await;
    assert_eq!(login.status(), 401);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_look_the_same() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("cy")).await;
    let wrong = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": user.username, "password": "not-the-password"}),
        )
        .await;
    assert_eq!(wrong.status(), 401);
    let wrong: Value = wrong.json().await.unwrap();
    let unknown = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": "nobody_here", "password": "not-the-password"}),
        )
        .await;
    assert_eq!(unknown.status(), 401);
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["error"]["code"], "invalid_credentials");

    let right = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": user.username.to_uppercase(), "password": user.password}),
        )
        .await;
    assert_eq!(right.status(), 200);
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.post(
        "/api/v1/auth/refresh",
        None,
        json!({"refresh_token": token}),
    )
    .await
}

#[tokio::test]
async fn refreshing_rotates_the_refresh_token() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("dee")).await;
    let response = refresh(&app, &user.refresh_token).await;
    assert_eq!(response.status(), 200);
    let pair: Value = response.json().await.unwrap();
    let (access, next) = (
        pair["access_token"].as_str().unwrap(),
        pair["refresh_token"].as_str().unwrap(),
    );
    assert_ne!(next, user.refresh_token);
    assert_eq!(
        app.get("/api/v1/users/me", Some(access)).await.status(),
        200
    );
    // The new one works in turn.
    assert_eq!(refresh(&app, next).await.status(), 200);
}

#[tokio::test]
async fn reusing_a_spent_refresh_token_revokes_the_whole_login() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("eve")).await;
    let pair: Value = refresh(&app, &user.refresh_token)
        .await
        .json()
        .await
        .unwrap();
    let newer = pair["refresh_token"].as_str().unwrap().to_owned();

    let reuse = refresh(&app, &user.refresh_token).await;
    assert_eq!(reuse.status(), 401);
    assert_eq!(error_code(reuse).await, "refresh_token_reused");

    let after = refresh(&app, &newer).await;
    assert_eq!(
        after.status(),
        401,
        "the newer token of that login is revoked too"
    );
    assert_eq!(error_code(after).await, "invalid_refresh_token");

    // Other logins of the same user are untouched.
    let other: Value = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": user.username, "password": user.password}),
        )
        .await
        .json()
        .await
        .unwrap();
    let other_refresh = other["refresh_token"].as_str().unwrap();
    assert_eq!(refresh(&app, other_refresh).await.status(), 200);
}

#[tokio::test]
async fn an_unknown_refresh_token_is_refused() {
    let app = TestApp::spawn().await;
    let response = refresh(&app, "not-a-token").await;
    assert_eq!(response.status(), 401);
    assert_eq!(error_code(response).await, "invalid_refresh_token");
}

#[tokio::test]
async fn logging_out_ends_that_login_only() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("fay")).await;
    let second: Value = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": user.username, "password": user.password}),
        )
        .await
        .json()
        .await
        .unwrap();
    let response = app
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(refresh(&app, &user.refresh_token).await.status(), 401);
    assert_eq!(
        refresh(&app, second["refresh_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
    // Twice is fine.
    let again = app
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_eq!(again.status(), 204);
}

#[tokio::test]
async fn the_profile_can_be_edited_and_cleared() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("gil")).await;
    let token = Some(user.access_token.as_str());
    let response = app
        .request(
            Method::PATCH,
            "/api/v1/users/me",
            token,
            Some(json!({"display_name": "Gil", "bio": "hello", "status_text": "busy"})),
        )
        .await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(
        (
            me["display_name"].as_str(),
            me["bio"].as_str(),
            me["status_text"].as_str()
        ),
        (Some("Gil"), Some("hello"), Some("busy"))
    );

    // Absent fields stay; null clears.
    let me: Value = app
        .request(
            Method::PATCH,
            "/api/v1/users/me",
            token,
            Some(json!({"display_name": null})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(me["display_name"].is_null());
    assert_eq!(me["bio"], "hello");
    let me: Value = app
        .request(
            Method::PATCH,
            "/api/v1/users/me",
            token,
            Some(json!({"display_name": "Gil", "email": "g@example.org"})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "g@example.org");
    let me: Value = app
        .request(
            Method::PATCH,
            "/api/v1/users/me",
            token,
            Some(json!({"display_name": "", "email": ""})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        me["display_name"].is_null() && me["email"].is_null(),
        "empty strings clear"
    );

    let bad = app
        .request(
            Method::PATCH,
            "/api/v1/users/me",
            token,
            Some(json!({"bio": "b".repeat(501)})),
        )
        .await;
    assert_eq!(bad.status(), 400);
    assert_eq!(error_code(bad).await, "invalid_bio");
}

#[tokio::test]
async fn changing_the_password_ends_the_other_logins() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("hal")).await;
    let other: Value = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": user.username, "password": user.password}),
        )
        .await
        .json()
        .await
        .unwrap();

    let wrong = app
        .post(
            "/api/v1/users/me/password",
            Some(&user.access_token),
            json!({"current_password": "nope-nope", "new_password": "brand-new-pass"}),
        )
        .await;
    assert_eq!(wrong.status(), 403);
    assert_eq!(error_code(wrong).await, "wrong_password");

    let short = app
        .post(
            "/api/v1/users/me/password",
            Some(&user.access_token),
            json!({"current_password": user.password, "new_password": "short"}),
        )
        .await;
    assert_eq!(error_code(short).await, "invalid_password");

    let changed = app
        .post(
            "/api/v1/users/me/password",
            Some(&user.access_token),
            json!({"current_password": user.password, "new_password": "brand-new-pass"}),
        )
        .await;
    assert_eq!(changed.status(), 204);

    assert_eq!(
        refresh(&app, other["refresh_token"].as_str().unwrap())
            .await
            .status(),
        401
    );
    assert_eq!(
        refresh(&app, &user.refresh_token).await.status(),
        200,
        "this login stays"
    );
    let old = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": user.username, "password": user.password}),
        )
        .await;
    assert_eq!(old.status(), 401);
    let new = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": user.username, "password": "brand-new-pass"}),
        )
        .await;
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn a_deleted_account_is_gone_and_its_name_is_free() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("ivy")).await;
    let token = Some(user.access_token.as_str());

    let wrong = app
        .request(
            Method::DELETE,
            "/api/v1/users/me",
            token,
            Some(json!({"password": "wrong-password"})),
        )
        .await;
    assert_eq!(wrong.status(), 403);

    let deleted = app
        .request(
            Method::DELETE,
            "/api/v1/users/me",
            token,
            Some(json!({"password": user.password})),
        )
        .await;
    assert_eq!(deleted.status(), 204);

    // Deleting ended every login, so the token is refused before any lookup.
    let me = app.get("/api/v1/users/me", token).await;
    assert_eq!(me.status(), 401);
    assert_eq!(error_code(me).await, "session_revoked");
    assert_eq!(refresh(&app, &user.refresh_token).await.status(), 401);
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": user.username, "password": user.password}),
        )
        .await;
    assert_eq!(login.status(), 401);
    app.signup(&user.username).await;
}
