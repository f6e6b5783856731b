//! Text Postgres cannot store (NUL) and bytes that are not UTF-8 are refused
//! with a 400 and a code, wherever they come in; never a 500.

use confab_testkit::{TestApp, error_code};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_nul_byte_anywhere_is_a_400() {
    let app = TestApp::spawn().await;
    let alice = app.signup(&TestApp::username("alice")).await;
    let token = Some(alice.access_token.as_str());
    let group = app.create_group(&alice, "public").await;

    let queries = [
        "/api/v1/users/search?q=%00",
        "/api/v1/users/search?q=al%00ice",
        "/api/v1/users/search?q=%FF%FE",
        "/api/v1/search/messages?q=hello%00",
        "/api/v1/groups/search?q=%00",
    ];
    for path in queries {
        let response = app.get(path, token).await;
        assert_eq!(response.status(), 400, "{path}");
        assert_eq!(error_code(response).await, "invalid_query", "{path}");
    }

    let paths = [
        format!("/api/v1/groups/{}%00", group.id),
        "/api/v1/users/%00".to_owned(),
        format!(
            "/api/v1/conversations/{}/messages/x/reactions/%00",
            group.conversation_id
        ),
    ];
    for path in &paths {
        let response = app.get(path, token).await;
        assert_eq!(response.status(), 400, "{path}");
        assert_eq!(error_code(response).await, "invalid_path", "{path}");
    }

    let bodies = [
        (
            Method::PATCH,
            "/api/v1/users/me".to_owned(),
            json!({"bio": "hi\u{0}there"}),
        ),
        (
            Method::PATCH,
            "/api/v1/users/me".to_owned(),
            json!({"display_name": "A\u{0}"}),
        ),
        (
            Method::POST,
            format!("/api/v1/conversations/{}/messages", group.conversation_id),
            json!({"body": "hello\u{0}"}),
        ),
        (
            Method::POST,
            "/api/v1/groups".to_owned(),
            json!({"name": "G\u{0}", "kind": "private"}),
        ),
        (
            Method::POST,
            "/api/v1/auth/login".to_owned(),
            json!({"username": "a\u{0}", "password": "x\u{0}"}),
        ),
    ];
    for (method, path, body) in bodies {
        let response = app.request(method, &path, token, Some(body)).await;
        assert_eq!(response.status(), 400, "{path}");
        assert_eq!(error_code(response).await, "invalid_body", "{path}");
    }
    // A JSON string that merely spells the escape out is text like any other.
    let literal = app
        .request(
            Method::PATCH,
            "/api/v1/users/me",
            token,
            Some(json!({"bio": "type \\u0000 to see"})),
        )
        .await;
    assert_eq!(literal.status(), 200);

    // A User-Agent that is not UTF-8 is not stored, and is no error.
    let login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header(
            "user-agent",
            reqwest::header::HeaderValue::from_bytes(b"agent \xff\xfe").unwrap(),
        )
        .json(&json!({"username": alice.username, "password": alice.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);

    // Nothing was half-written: the profile is as before.
    let me = app.get_json("/api/v1/users/me", &alice).await;
    assert_eq!(me["bio"], "type \\u0000 to see");
    assert!(me["display_name"].is_null());
}
