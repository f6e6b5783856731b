//! Every failure is the JSON envelope with the right status; nothing is plain text.

use confab_testkit::{TestApp, error_code};
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

#[tokio::test]
async fn malformed_json_is_a_400() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/signup"))
        .header(CONTENT_TYPE, "application/json")
        .body("{\"username\": \"abc\", ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(error_code(response).await, "malformed_json");
}

/// serde reads a struct from a JSON array too, by position: `[null, null]`
/// made an invite link and `["name", "password", null, null]` an account.
/// A body is an object, or it is refused and nothing is written.
#[tokio::test]
async fn a_json_array_is_not_read_as_a_body() {
    let app = TestApp::spawn().await;
    let name = TestApp::username("arrayed");
    let signup = app
        .client
        .post(app.url("/api/v1/auth/signup"))
        .json(&json!([name, "long-enough-password", null, null]))
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), 400);
    assert_eq!(error_code(signup).await, "invalid_body");

    let owner = app.signup(&TestApp::username("owner")).await;
    let group = app
        .client(&owner)
        .create_group(json!({"name": "Arrays", "kind": "private"}))
        .await
        .ok();
    let link = app
        .client(&owner)
        .create_invite_link(group.group.id, json!([null, null]))
        .await;
    assert_eq!(link.status, 400);
    assert_eq!(link.code(), "invalid_body");
    assert!(
        app.client(&owner)
            .invite_links(group.group.id)
            .await
            .ok()
            .is_empty(),
        "no link was made"
    );
    let login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": name, "password": "long-enough-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 401, "no account was made");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let app = TestApp::spawn().await;
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .body("username=a&password=b");
        if let Some(ct) = content_type {
            request = request.header(CONTENT_TYPE, ct);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 415, "{content_type:?}");
        assert_eq!(error_code(response).await, "unsupported_media_type");
    }
}

#[tokio::test]
async fn a_one_mebibyte_body_is_a_413_and_the_server_carries_on() {
    let app = TestApp::spawn().await;
    let huge = format!(
        "{{\"username\": \"abc\", \"password\": \"{}\"}}",
        "x".repeat(1 << 20)
    );
    let response = app
        .client
        .post(app.url("/api/v1/auth/signup"))
        .header(CONTENT_TYPE, "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(error_code(response).await, "payload_too_large");
    app.signup(&TestApp::username("after")).await;
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json_errors() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/no/such/thing", None).await;
    assert_eq!(response.status(), 404);
    assert_eq!(error_code(response).await, "route_not_found");

    // A path of the API with a method it does not take: 405, saying which do.
    let response = app.get("/api/v1/auth/login", None).await;
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    assert_eq!(error_code(response).await, "method_not_allowed");
    let response = app
        .request(
            Method::PUT,
            &format!("/api/v1/users/{}", uuid::Uuid::now_v7()),
            None,
            None,
        )
        .await;
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let ok = app.get("/healthz", None).await;
    let failed = app.get("/nowhere", None).await;
    let a = ok.headers()["x-request-id"].to_str().unwrap().to_owned();
    let b = failed.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!a.is_empty() && !b.is_empty());
    assert_ne!(a, b);
}
