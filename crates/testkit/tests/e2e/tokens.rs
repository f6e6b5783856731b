//! Forged and stale access tokens are refused the same way by both services.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use confab_domain::auth::{Claims, TokenKeys, now_secs};
use confab_testkit::{TestApp, WsClient, ws::Ended};
use secrecy::SecretString;
use std::time::Duration;

/// Tokens that must all fail, each with the name of what is wrong with it.
fn bad_tokens(app: &TestApp, good: &str) -> Vec<(&'static str, String)> {
    let keys = TokenKeys::new(&app.settings.auth.jwt_secret, 900);
    let mut parts = good.split('.');
    let (header, payload, signature) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let mut claims: Claims =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();

    let mut stale = claims.clone();
    stale.iat = now_secs() - 7200;
    stale.exp = now_secs() - 3600;
    let expired = keys.sign(&stale).unwrap();

    claims.name = "someone_else".into();
    let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    let tampered = format!("{header}.{forged_payload}.{signature}");

    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{none_header}.{payload}.");

    let other_keys = TokenKeys::new(
        &SecretString::from("a-completely-different-secret-key-0123456789".to_string()),
        900,
    );
    let wrong_key = other_keys.issue(claims.sub, claims.sid, "x").unwrap();

    vec![
        ("expired", expired),
        ("tampered", tampered),
        ("alg none", unsigned),
        ("wrong key", wrong_key),
        ("garbage", "not.a.jwt".into()),
    ]
}

#[tokio::test]
async fn bad_tokens_get_401_on_rest() {
    let app = TestApp::spawn().await;
    let user = app.signup(&TestApp::username("tok")).await;
    for (what, token) in bad_tokens(&app, &user.access_token) {
        let answer = app.client_with_token(&token).me().await;
        assert_eq!(answer.status, 401, "{what}");
        let expected = if what == "expired" {
            "token_expired"
        } else {
            "invalid_token"
        };
        assert_eq!(answer.code(), expected, "{what}");
        // Raw: the typed answer carries no headers.
        let response = app.get("/api/v1/users/me", Some(&token)).await;
        assert!(
            response.headers().contains_key("www-authenticate"),
            "{what}"
        );
    }
    let none = app.anonymous().me().await;
    assert_eq!(none.status, 401);
    assert_eq!(none.code(), "missing_token");
    let good = app.client(&user).me().await;
    assert_eq!(good.status, 200);
    assert_eq!(good.ok().profile.id, user.id);
}

#[tokio::test]
async fn bad_tokens_get_close_4001_on_the_gateway() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let user = app.signup(&TestApp::username("wst")).await;
    for (what, token) in bad_tokens(&app, &user.access_token) {
        let mut client = WsClient::connect(&ws).await;
        client
            .send_json(serde_json::json!({"op": "identify", "token": token}))
            .await;
        assert_eq!(
            client.ended(Duration::from_secs(5)).await,
            Ended::Closed(Some(4001)),
            "{what}"
        );
    }
}
