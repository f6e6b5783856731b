//! Logging in with an external OpenID Connect provider, against a JWKS server
//! of the test's own (RSA keys made with openssl): valid tokens log in (and the
//! first one creates or links the user); wrong issuer, wrong audience, expired,
//! unknown key and HS256 tokens are refused; a rotated key is found by
//! fetching the keys again; every token needs a fresh nonce of ours, used once;
//! an email is linked only when the local account proved it.

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

/// A nonce from the API, as a client gets one before sending the user to the
/// provider.
async fn nonce(app: &TestApp) -> String {
    let response = app.post("/api/v1/auth/oidc/nonce", None, json!({})).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["nonce"].as_str().unwrap().to_owned()
}

/// `claims(sub)` with a fresh nonce.
async fn fresh(app: &TestApp, sub: &str) -> Value {
    let mut c = claims(sub);
    c["nonce"] = json!(nonce(app).await);
    c
}

fn provider_settings(jwks_url: String) -> impl FnOnce(&mut confab_domain::Settings) {
    move |s| {
        s.oidc.enabled = true;
        s.oidc.issuer = ISSUER.into();
        s.oidc.audience = AUDIENCE.into();
        s.oidc.jwks_url = jwks_url;
        s.oidc.jwks_refresh_min_secs = 0;
    }
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

async fn link(app: &TestApp, access_token: &str, id_token: &str) -> reqwest::Response {
    app.post(
        "/api/v1/users/me/identities",
        Some(access_token),
        json!({ "id_token": id_token }),
    )
    .await
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
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;

    // A valid token creates the user, named after the provider's username.
    let ok = login(&app, &sign(&first, &fresh(&app, "subject-1").await)).await;
    assert_eq!(ok.status(), 200);
    let ok: Value = ok.json().await.unwrap();
    assert_eq!(ok["user"]["username"], "grace.hopper");
    assert_eq!(ok["user"]["display_name"], "Grace Hopper");
    let token = ok["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/users/me", Some(token)).await;
    assert_eq!(me.status(), 200, "the session is a normal one");
    // The same person again: the same user.
    let again: Value = login(&app, &sign(&first, &fresh(&app, "subject-1").await))
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
    let after_rotation = login(&app, &sign(&rotated, &fresh(&app, "subject-1").await)).await;
    assert_eq!(after_rotation.status(), 200);
}

#[tokio::test]
async fn an_oidc_login_never_lands_in_an_account_that_only_claims_the_email() {
    let key = rsa_key("k1");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![key.jwk.clone()]))).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;
    // The attacker signs up first, typing the victim's address.
    let mallory = app.signup(&TestApp::username("mallory")).await;
    let email = "alice@corp.example";
    let typed = app
        .request(
            reqwest::Method::PATCH,
            "/api/v1/users/me",
            Some(&mallory.access_token),
            Some(json!({"email": email})),
        )
        .await;
    assert_eq!(typed.status(), 200);

    // Alice's first company login (the provider verified her email, and says
    // so as a string, as some providers do).
    let mut alice = fresh(&app, "alice-at-corp").await;
    alice["email"] = json!("Alice@Corp.Example");
    alice["email_verified"] = json!("true");
    let token = sign(&key, &alice);
    let first = login(&app, &token).await;
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    assert_ne!(first["user"]["id"], mallory.id.to_string());

    // A captured token cannot be replayed: its nonce is spent.
    let replay = login(&app, &token).await;
    assert_eq!(replay.status(), 401);
    assert_eq!(error_code(replay).await, "invalid_id_token");
    // Nor can a token without a nonce of ours, or with one we never issued.
    let mut no_nonce = claims("alice-at-corp");
    no_nonce["email"] = json!(email);
    let refused = login(&app, &sign(&key, &no_nonce)).await;
    assert_eq!(refused.status(), 401);
    no_nonce["nonce"] = json!("ab".repeat(32));
    let refused = login(&app, &sign(&key, &no_nonce)).await;
    assert_eq!(refused.status(), 401);
    // And Mallory's account is still only Mallory's.
    let again = login(
        &app,
        &sign(&key, &{
            let mut c = fresh(&app, "alice-at-corp").await;
            c["email"] = json!(email);
            c["email_verified"] = json!(true);
            c
        }),
    )
    .await;
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["user"]["id"], first["user"]["id"]);
}

#[tokio::test]
async fn a_proven_email_or_an_explicit_link_joins_the_existing_account() {
    let key = rsa_key("k1");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![key.jwk.clone()]))).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;

    // Ann proved her address (the verification link sets this column).
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
    app.execute_sql(&format!(
        "UPDATE users SET email_verified_at = now() WHERE id = '{}'",
        ann.id
    ))
    .await;
    let mut verified = fresh(&app, "ann-at-provider").await;
    verified["email"] = json!(email);
    verified["email_verified"] = json!(true);
    let linked: Value = login(&app, &sign(&key, &verified))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(linked["user"]["id"], ann.id.to_string());

    // Bob links his provider account by hand, while logged in.
    let bob = app.signup(&TestApp::username("bob")).await;
    let bobs = fresh(&app, "bob-at-provider").await;
    let response = link(&app, &bob.access_token, &sign(&key, &bobs)).await;
    assert_eq!(response.status(), 204);
    let signed_in: Value = login(&app, &sign(&key, &fresh(&app, "bob-at-provider").await))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(signed_in["user"]["id"], bob.id.to_string());
    // Ann's provider account is hers: Bob cannot take it.
    let anns = fresh(&app, "ann-at-provider").await;
    let taken = link(&app, &bob.access_token, &sign(&key, &anns)).await;
    assert_eq!(taken.status(), 409);
    assert_eq!(error_code(taken).await, "identity_taken");

    let off = TestApp::spawn().await;
    let response = login(&off, &sign(&key, &claims("x"))).await;
    assert_eq!(response.status(), 403);
    assert_eq!(error_code(response).await, "oidc_disabled");
    let response = off.post("/api/v1/auth/oidc/nonce", None, json!({})).await;
    assert_eq!(response.status(), 403);
}
