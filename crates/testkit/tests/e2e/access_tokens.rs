//! Personal access tokens: what a user's own code signs in with. Each story
//! is what an API consumer (or an attacker holding a token) would try.

use confab_testkit::{TestApp, WsClient, configured_command, ws::Ended};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_token_is_shown_once_stored_hashed_and_listed_with_its_last_use() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let created = app
        .client(&ann)
        .create_token(
            json!({"name": "deploy bot", "scopes": ["read", "messages"], "expires_in_days": 30}),
        )
        .await;
    assert_eq!(created.status, 201);
    let created = created.ok();
    assert!(created.secret.starts_with("confab_pat_"));
    assert_eq!(created.token.name, "deploy bot");
    assert!(created.token.expires_at.is_some());
    assert!(created.token.last_used_at.is_none());

    let listed = app.client(&ann).tokens().await.ok().items;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, created.token.id);
    assert!(listed[0].last_used_at.is_none());

    let me = app.client_with_token(&created.secret).me().await.ok();
    assert_eq!(me.profile.username, ann.username);
    let listed = app.client(&ann).tokens().await.ok().items;
    assert!(listed[0].last_used_at.is_some(), "its use is shown");

    // Only a hash is kept: the secret is nowhere in the table.
    let found = app
        .count_rows(&format!(
            "SELECT count(*) AS n FROM access_tokens WHERE encode(secret_hash, 'escape') LIKE '%{}%'",
            &created.secret["confab_pat_".len()..]
        ))
        .await;
    assert_eq!(found, 0);

    // Someone else's list does not show it.
    let bob = app.signup(&TestApp::username("bob")).await;
    assert!(app.client(&bob).tokens().await.ok().items.is_empty());
    assert_eq!(
        app.client(&bob).revoke_token(created.token.id).await.status,
        404
    );
}

#[tokio::test]
async fn a_read_token_reads_but_cannot_send_and_no_token_manages_the_account() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    app.say(&ann, dm, "hello").await;
    let read = app
        .client(&ann)
        .create_token(json!({"name": "reader", "scopes": ["read"]}))
        .await
        .ok();
    let as_reader = app.client_with_token(&read.secret);

    let history = as_reader.history(dm).await;
    assert_eq!(history.status, 200, "read is allowed");
    let sent = as_reader
        .send_message(dm, json!({"body": "from a script"}))
        .await;
    assert_eq!(sent.status, 403);
    assert_eq!(sent.code(), "insufficient_scope");

    // Account security is never a token's: not even one with every scope.
    let all = app
        .client(&ann)
        .create_token(json!({
            "name": "everything",
            "scopes": ["read", "messages", "friends", "groups", "media", "profile"],
        }))
        .await
        .ok();
    let as_all = app.client_with_token(&all.secret);
    for refused in [
        as_all.tokens().await.code(),
        as_all
            .create_token(json!({"name": "more", "scopes": ["read"]}))
            .await
            .code(),
        as_all.sessions().await.code(),
        as_all.revoke_other_sessions().await.code(),
    ] {
        assert_eq!(refused, "insufficient_scope");
    }
    assert_eq!(
        as_all
            .send_message(dm, json!({"body": "allowed"}))
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn a_revoked_token_is_refused_and_its_socket_closes() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let token = app
        .client(&ann)
        .create_token(json!({"name": "listener", "scopes": ["read"]}))
        .await
        .ok();
    let mut socket = WsClient::connect(&ws).await;
    let ready = socket.identify(&token.secret).await;
    assert_eq!(ready["op"], "ready");

    assert_eq!(
        app.client(&ann).revoke_token(token.token.id).await.status,
        204
    );
    assert_eq!(
        socket.ended(Duration::from_secs(2)).await,
        Ended::Closed(Some(4004))
    );
    let refused = app.client_with_token(&token.secret).me().await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.code(), "session_revoked");
    assert!(app.client(&ann).tokens().await.ok().items.is_empty());
}

#[tokio::test]
async fn an_expired_token_is_refused_and_its_socket_closes_when_it_expires() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let token = app
        .client(&ann)
        .create_token(json!({"name": "short", "scopes": ["read"], "expires_in_days": 1}))
        .await
        .ok();
    // The clock cannot be moved; the expiry can.
    app.execute_sql(&format!(
        "UPDATE access_tokens SET expires_at = now() + interval '2 seconds' WHERE id = '{}'",
        token.token.id
    ))
    .await;
    let mut socket = WsClient::connect(&ws).await;
    assert_eq!(socket.identify(&token.secret).await["op"], "ready");
    assert_eq!(
        socket.ended(Duration::from_secs(5)).await,
        Ended::Closed(Some(4001)),
        "the socket closes when the token expires"
    );
    let refused = app.client_with_token(&token.secret).me().await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.code(), "token_expired");
    let mut late = WsClient::connect(&ws).await;
    late.send_json(json!({"op": "identify", "token": token.secret}))
        .await;
    assert_eq!(
        late.ended(Duration::from_secs(2)).await,
        Ended::Closed(Some(4001))
    );
}

#[tokio::test]
async fn a_token_without_read_cannot_listen_and_bad_requests_are_refused() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let sender = app
        .client(&ann)
        .create_token(json!({"name": "sender", "scopes": ["messages"]}))
        .await
        .ok();
    let mut socket = WsClient::connect(&ws).await;
    socket
        .send_json(json!({"op": "identify", "token": sender.secret}))
        .await;
    assert_eq!(
        socket.ended(Duration::from_secs(2)).await,
        Ended::Closed(Some(4001))
    );

    let client = app.client(&ann);
    for (body, code) in [
        (
            json!({"name": "", "scopes": ["read"]}),
            "invalid_token_name",
        ),
        (json!({"name": "x", "scopes": []}), "invalid_scopes"),
        (
            json!({"name": "x", "scopes": ["read"], "expires_in_days": 0}),
            "invalid_expiry",
        ),
        (
            json!({"name": "x", "scopes": ["read"], "expires_in_days": 367}),
            "invalid_expiry",
        ),
        (json!({"name": "x", "scopes": ["root"]}), "invalid_body"),
    ] {
        let answer = client.create_token(body.clone()).await;
        assert_eq!(answer.status, 400, "{body}");
        assert_eq!(answer.code(), code, "{body}");
    }
    // A forged token of the right form names nothing.
    let forged = format!(
        "confab_pat_{}_{}",
        uuid::Uuid::now_v7().simple(),
        "0".repeat(64)
    );
    assert_eq!(
        app.client_with_token(&forged).me().await.code(),
        "invalid_token"
    );
    // Its last character changed (to one it is not: a secret ending in 0
    // stayed whole and valid, once in sixteen runs).
    let last = if sender.secret.ends_with('0') {
        '1'
    } else {
        '0'
    };
    let tampered = format!("{}{last}", &sender.secret[..sender.secret.len() - 1]);
    assert_eq!(
        app.client_with_token(&tampered).me().await.code(),
        "invalid_token"
    );
}

#[tokio::test]
async fn a_password_reset_ends_the_accounts_tokens() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let token = app
        .client(&ann)
        .create_token(json!({"name": "script", "scopes": ["read"]}))
        .await
        .ok();
    let output = configured_command("confab-api", &app.settings)
        .args(["admin", "reset-link", &ann.username])
        .output()
        .expect("run confab-api admin reset-link");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let link = String::from_utf8(output.stdout).unwrap();
    let token_of_link = link
        .trim()
        .rsplit("token=")
        .next()
        .expect("a link")
        .to_owned();
    let reset = app
        .anonymous()
        .reset_password(&token_of_link, "a-brand-new-password")
        .await;
    assert_eq!(reset.status, 204);
    assert_eq!(
        app.client_with_token(&token.secret).me().await.code(),
        "session_revoked"
    );
}
