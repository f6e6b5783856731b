//! Logging in with an external OpenID Connect provider, against a JWKS server
//! of the test's own (RSA keys made with openssl): valid tokens log in (and the
//! first one creates or links the user); wrong issuer, wrong audience, expired,
//! unknown key and HS256 tokens are refused; a rotated key is found by
//! fetching the keys again.

use actix_web::{App, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use confab_testkit::{TestApp, error_code};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use std::process::Command;
use std::sync::{Arc, Mutex};

const ISSUER: &str = "https://id.example.test";
const AUDIENCE: &str = "confab-web";

struct Key {
    kid: &'static str,
    pem: Vec<u8>,
    jwk: Value,
}

/// A fresh 2048-bit RSA key and its public JWK.
fn rsa_key(kid: &'static str) -> Key {
    let pem = Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
        ])
        .output()
        .expect("openssl")
        .stdout;
    let dir = std::env::temp_dir().join(format!("confab-oidc-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("k.pem"), &pem).unwrap();
    let modulus = Command::new("openssl")
        .args(["rsa", "-noout", "-modulus", "-in"])
        .arg(dir.join("k.pem"))
        .output()
        .unwrap()
        .stdout;
    std::fs::remove_dir_all(dir).unwrap();
    let hex = String::from_utf8(modulus).unwrap();
    let hex = hex.trim().trim_start_matches("Modulus=");
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let jwk = json!({
        "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
        "n": URL_SAFE_NO_PAD.encode(bytes), "e": "AQAB",
    });
    Key { kid, pem, jwk }
}

/// Serves `{"keys": [...]}` at /jwks; the test changes the list.
async fn jwks_server(keys: Arc<Mutex<Vec<Value>>>) -> String {
    let server = HttpServer::new(move || {
        let keys = keys.clone();
        App::new().route(
            "/jwks",
            web::get().to(move || {
                let keys = keys.lock().unwrap().clone();
                async move { HttpResponse::Ok().json(json!({ "keys": keys })) }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    format!("http://127.0.0.1:{port}/jwks")
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims(sub: &str) -> Value {
    json!({
        "iss": ISSUER, "aud": AUDIENCE, "sub": sub, "exp": now() + 300, "iat": now(),
        "preferred_username": "Grace.Hopper", "name": "Grace Hopper",
    })
}

fn sign(key: &Key, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(key.kid.to_owned());
    encode(
        &header,
        claims,
        &EncodingKey::from_rsa_pem(&key.pem).unwrap(),
    )
    .unwrap()
}

async fn login(app: &TestApp, token: &str) -> reqwest::Response {
    app.post("/api/v1/auth/oidc", None, json!({ "id_token": token }))
        .await
}

#[tokio::test]
async fn id_tokens_log_in_and_bad_ones_are_refused() {
    let first = rsa_key("k1");
    let rotated = rsa_key("k2");
    let published = Arc::new(Mutex::new(vec![first.jwk.clone()]));
    let jwks_url = jwks_server(published.clone()).await;
    let app = TestApp::spawn_with(|s| {
        s.oidc.enabled = true;
        s.oidc.issuer = ISSUER.into();
        s.oidc.audience = AUDIENCE.into();
        s.oidc.jwks_url = jwks_url;
        s.oidc.jwks_refresh_min_secs = 0;
    })
    .await;

    // A valid token creates the user, named after the provider's username.
    let ok = login(&app, &sign(&first, &claims("subject-1"))).await;
    assert_eq!(ok.status(), 200);
    let ok: Value = ok.json().await.unwrap();
    assert_eq!(ok["user"]["username"], "grace.hopper");
    assert_eq!(ok["user"]["display_name"], "Grace Hopper");
    let token = ok["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/users/me", Some(token)).await;
    assert_eq!(me.status(), 200, "the session is a normal one");
    // The same person again: the same user.
    let again: Value = login(&app, &sign(&first, &claims("subject-1")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["user"]["id"], ok["user"]["id"]);

    let mut refused = Vec::new();
    let mut wrong_issuer = claims("subject-1");
    wrong_issuer["iss"] = json!("https://evil.example.test");
    refused.push(("wrong issuer", sign(&first, &wrong_issuer)));
    let mut wrong_audience = claims("subject-1");
    wrong_audience["aud"] = json!("someone-else");
    refused.push(("wrong audience", sign(&first, &wrong_audience)));
    let mut expired = claims("subject-1");
    expired["exp"] = json!(now() - 600);
    refused.push(("expired", sign(&first, &expired)));
    refused.push(("unknown key", sign(&rotated, &claims("subject-1"))));
    let mut hs256 = Header::new(Algorithm::HS256);
    hs256.kid = Some("k1".into());
    let forged = encode(
        &hs256,
        &claims("subject-1"),
        &EncodingKey::from_secret(first.jwk["n"].as_str().unwrap().as_bytes()),
    )
    .unwrap();
    refused.push(("HS256", forged));
    refused.push(("garbage", "not.a.jwt".into()));
    for (case, token) in refused {
        let response = login(&app, &token).await;
        assert_eq!(response.status(), 401, "{case}");
        assert_eq!(error_code(response).await, "invalid_id_token", "{case}");
    }

    // The provider rotates its key: the unknown kid makes us fetch the keys again.
    published.lock().unwrap().push(rotated.jwk.clone());
    let after_rotation = login(&app, &sign(&rotated, &claims("subject-1"))).await;
    assert_eq!(after_rotation.status(), 200);
}

#[tokio::test]
async fn a_verified_email_links_the_existing_account_and_the_feature_is_off_by_default() {
    let key = rsa_key("k1");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![key.jwk.clone()]))).await;
    let app = TestApp::spawn_with(|s| {
        s.oidc.enabled = true;
        s.oidc.issuer = ISSUER.into();
        s.oidc.audience = AUDIENCE.into();
        s.oidc.jwks_url = jwks_url;
    })
    .await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let email = format!("{}@example.test", ann.username);
    let patched = app
        .request(
            reqwest::Method::PATCH,
            "/api/v1/users/me",
            Some(&ann.access_token),
            Some(json!({"email": email})),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let mut verified = claims("ann-at-provider");
    verified["email"] = json!(email);
    verified["email_verified"] = json!(true);
    let linked: Value = login(&app, &sign(&key, &verified))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(linked["user"]["id"], ann.id.to_string());

    let off = TestApp::spawn().await;
    let response = login(&off, &sign(&key, &claims("x"))).await;
    assert_eq!(response.status(), 403);
    assert_eq!(error_code(response).await, "oidc_disabled");
}
