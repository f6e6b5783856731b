//! Logging in with an external OpenID Connect provider, against a JWKS server
//! of the test's own (RSA keys made with openssl): valid tokens log in (and the
//! first one creates or links the user); wrong issuer, wrong audience, expired,
//! unknown key and HS256 tokens are refused; a rotated key is found by
//! fetching the keys again; every token needs a fresh nonce of ours, used once;
//! an email is linked only when the local account proved it.
//!
//! The ID tokens' claims are JSON the test builds and signs, so they stay
//! `serde_json::Value`; the API's answers are read typed.

use actix_web::{App, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use confab_api::routes::auth::AuthResponse;
use confab_testkit::{Answer, TestApp, TestUser};
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
    let answer = app.anonymous().oidc_nonce().await;
    assert_eq!(answer.status, 201);
    answer.ok().nonce
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

async fn login(app: &TestApp, token: &str) -> Answer<AuthResponse> {
    app.anonymous().oidc_login(token).await
}

/// The id of the user a valid token signs in as.
async fn signed_in_as(app: &TestApp, token: &str) -> uuid::Uuid {
    let answer = login(app, token).await;
    assert_eq!(answer.status, 200);
    answer.ok().user.profile.id
}

/// Signs `user` up with `email` typed into the profile (not proven).
async fn with_email(app: &TestApp, name: &str, email: impl Fn(&str) -> String) -> TestUser {
    let user = app.signup(&TestApp::username(name)).await;
    let email = email(&user.username);
    let typed = app.client(&user).update_me(json!({ "email": email })).await;
    assert_eq!(typed.status, 200);
    assert_eq!(typed.ok().email.as_deref(), Some(email.as_str()));
    user
}

#[tokio::test]
async fn an_id_token_signs_in_and_the_same_subject_is_the_same_user() {
    let key = rsa_key("k1");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![key.jwk.clone()]))).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;

    // A valid token creates the user, named after the provider's username.
    let ok = login(&app, &sign(&key, &fresh(&app, "subject-1").await)).await;
    assert_eq!(ok.status, 200);
    let ok = ok.ok();
    assert_eq!(ok.user.profile.username, "grace.hopper");
    assert_eq!(
        ok.user.profile.display_name.as_deref(),
        Some("Grace Hopper")
    );
    let me = app.client_with_token(&ok.tokens.access_token).me().await;
    assert_eq!(me.status, 200, "the session is a normal one");
    assert_eq!(me.ok().profile.id, ok.user.profile.id);
    // The same person again: the same user.
    let again = signed_in_as(&app, &sign(&key, &fresh(&app, "subject-1").await)).await;
    assert_eq!(again, ok.user.profile.id);
}

#[tokio::test]
async fn bad_id_tokens_are_refused() {
    let first = rsa_key("k1");
    let other = rsa_key("k2");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![first.jwk.clone()]))).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;

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
    refused.push(("unknown key", sign(&other, &claims("subject-1"))));
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
        let answer = login(&app, &token).await;
        assert_eq!(answer.status, 401, "{case}");
        assert_eq!(answer.code(), "invalid_id_token", "{case}");
    }
}

#[tokio::test]
async fn a_rotated_provider_key_is_found_by_fetching_the_keys_again() {
    let first = rsa_key("k1");
    let rotated = rsa_key("k2");
    let published = Arc::new(Mutex::new(vec![first.jwk.clone()]));
    let jwks_url = jwks_server(published.clone()).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;

    let before = login(&app, &sign(&rotated, &fresh(&app, "subject-1").await)).await;
    assert_eq!(before.status, 401, "not published yet");
    assert_eq!(before.code(), "invalid_id_token");
    // The provider rotates its key: the unknown kid makes us fetch the keys again.
    published.lock().unwrap().push(rotated.jwk.clone());
    let after_rotation = login(&app, &sign(&rotated, &fresh(&app, "subject-1").await)).await;
    assert_eq!(after_rotation.status, 200);
}

#[tokio::test]
async fn an_id_token_needs_a_fresh_nonce_of_ours_used_once() {
    let key = rsa_key("k1");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![key.jwk.clone()]))).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;
    let token = sign(&key, &fresh(&app, "alice-at-corp").await);
    let first = login(&app, &token).await;
    assert_eq!(first.status, 200);

    // A captured token cannot be replayed: its nonce is spent.
    let replay = login(&app, &token).await;
    assert_eq!(replay.status, 401);
    assert_eq!(replay.code(), "invalid_id_token");
    // Nor can a token without a nonce of ours, or with one we never issued.
    let mut no_nonce = claims("alice-at-corp");
    let refused = login(&app, &sign(&key, &no_nonce)).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.code(), "invalid_id_token");
    no_nonce["nonce"] = json!("ab".repeat(32));
    let refused = login(&app, &sign(&key, &no_nonce)).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.code(), "invalid_id_token");
}

#[tokio::test]
async fn an_oidc_login_never_lands_in_an_account_that_only_claims_the_email() {
    let key = rsa_key("k1");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![key.jwk.clone()]))).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;
    // The attacker signs up first, typing the victim's address.
    let email = "alice@corp.example";
    let mallory = with_email(&app, "mallory", |_| email.to_owned()).await;

    // Alice's first company login (the provider verified her email, and says
    // so as a string, as some providers do).
    let mut alice = fresh(&app, "alice-at-corp").await;
    alice["email"] = json!("Alice@Corp.Example");
    alice["email_verified"] = json!("true");
    let first = signed_in_as(&app, &sign(&key, &alice)).await;
    assert_ne!(first, mallory.id);

    // And Mallory's account is still only Mallory's.
    let mut again = fresh(&app, "alice-at-corp").await;
    again["email"] = json!(email);
    again["email_verified"] = json!(true);
    assert_eq!(signed_in_as(&app, &sign(&key, &again)).await, first);
}

#[tokio::test]
async fn a_proven_email_joins_the_existing_account() {
    let key = rsa_key("k1");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![key.jwk.clone()]))).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;

    // Ann proved her address (the verification link sets this column).
    let ann = with_email(&app, "ann", |name| format!("{name}@example.test")).await;
    let email = format!("{}@example.test", ann.username);
    app.execute_sql(&format!(
        "UPDATE users SET email_verified_at = now() WHERE id = '{}'",
        ann.id
    ))
    .await;
    let mut verified = fresh(&app, "ann-at-provider").await;
    verified["email"] = json!(email);
    verified["email_verified"] = json!(true);
    assert_eq!(signed_in_as(&app, &sign(&key, &verified)).await, ann.id);
}

#[tokio::test]
async fn a_signed_in_user_links_a_provider_account_but_not_someone_elses() {
    let key = rsa_key("k1");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![key.jwk.clone()]))).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;
    // Ann's provider account already has a user of its own.
    let ann = signed_in_as(&app, &sign(&key, &fresh(&app, "ann-at-provider").await)).await;

    // Bob links his provider account by hand, while logged in.
    let bob = app.signup(&TestApp::username("bob")).await;
    let bob_speaks = app.client(&bob);
    let bobs = fresh(&app, "bob-at-provider").await;
    let linked = bob_speaks.link_identity(&sign(&key, &bobs)).await;
    assert_eq!(linked.status, 204);
    let signed_in = signed_in_as(&app, &sign(&key, &fresh(&app, "bob-at-provider").await)).await;
    assert_eq!(signed_in, bob.id);
    // Ann's provider account is hers: Bob cannot take it.
    let anns = fresh(&app, "ann-at-provider").await;
    let taken = bob_speaks.link_identity(&sign(&key, &anns)).await;
    assert_eq!(taken.status, 409);
    assert_eq!(taken.code(), "identity_taken");
    let still = signed_in_as(&app, &sign(&key, &fresh(&app, "ann-at-provider").await)).await;
    assert_eq!(still, ann, "still Ann's");
}

#[tokio::test]
async fn with_oidc_off_neither_logins_nor_nonces_are_given() {
    let key = rsa_key("k1");
    let off = TestApp::spawn().await;
    let response = login(&off, &sign(&key, &claims("x"))).await;
    assert_eq!(response.status, 403);
    assert_eq!(response.code(), "oidc_disabled");
    let response = off.anonymous().oidc_nonce().await;
    assert_eq!(response.status, 403);
    assert_eq!(response.code(), "oidc_disabled");
}

#[tokio::test]
async fn an_account_without_a_password_is_deleted_only_after_a_fresh_sign_in_there() {
    let key = rsa_key("k1");
    let jwks_url = jwks_server(Arc::new(Mutex::new(vec![key.jwk.clone()]))).await;
    let app = TestApp::spawn_with(provider_settings(jwks_url)).await;
    let grace = login(&app, &sign(&key, &fresh(&app, "subject-1").await))
        .await
        .ok();
    assert!(!grace.user.has_password);
    // A stolen access token alone: whatever it sends as a password.
    let thief = app.client_with_token(&grace.tokens.access_token);
    for password in ["", "anything"] {
        let refused = thief.delete_me_with(json!({ "password": password })).await;
        assert_eq!(refused.code(), "wrong_password");
    }
    // Someone else's fresh sign-in proves nothing about this account.
    let other = sign(&key, &fresh(&app, "subject-2").await);
    let refused = thief.delete_me_with(json!({ "id_token": other })).await;
    assert_eq!(refused.code(), "wrong_identity");
    // A sign-in token without our fresh nonce does not count.
    let stale = sign(&key, &claims("subject-1"));
    let refused = thief.delete_me_with(json!({ "id_token": stale })).await;
    assert_eq!(refused.status, 403, "a failed proof, not an expired login");

    let proof = sign(&key, &fresh(&app, "subject-1").await);
    assert_eq!(
        thief
            .delete_me_with(json!({ "id_token": proof }))
            .await
            .status,
        204
    );
    assert_eq!(thief.me().await.status, 401);
}
