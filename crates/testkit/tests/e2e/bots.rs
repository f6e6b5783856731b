//! Bot accounts: a person makes one for their code, which then speaks through
//! the same REST API and gateway with the bot's access token.

use confab_testkit::{TestApp, WsClient, ws::Ended};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_bot_joins_a_group_by_invitation_and_hears_its_messages_on_the_gateway() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let created = app
        .client(&ann)
        .create_bot(json!({
            "username": TestApp::username("deploybot"),
            "display_name": "Deploy bot",
            "scopes": ["read", "messages", "groups"],
        }))
        .await;
    assert_eq!(created.status, 201);
    let created = created.ok();
    assert!(created.bot.bot, "marked as a bot");
    let bot_token = created.token.secret.clone();

    // It shows as a bot to others, and in its owner's list.
    let bob = app.signup(&TestApp::username("bob")).await;
    assert!(app.client(&bob).user(created.bot.id).await.ok().bot);
    assert!(!app.client(&bob).user(ann.id).await.ok().bot);
    let listed = app.client(&ann).bots().await.ok().items;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, created.bot.id);

    // Nobody logs in as it.
    let login = app
        .anonymous()
        .login(&created.bot.username, "any password at all")
        .await;
    assert_eq!(login.status, 401);

    let mut bot_socket = WsClient::connect(&ws).await;
    assert_eq!(bot_socket.identify(&bot_token).await["op"], "ready");

    let group = app.create_group(&ann, "private").await;
    let invite = app.client(&ann).invite(group.id, created.bot.id).await;
    assert_eq!(
        invite.status, 201,
        "the owner may invite their bot (friends from the start)"
    );
    let bot = app.client_with_token(&bot_token);
    let joined = bot.accept_invite(invite.ok().id).await;
    assert_eq!(joined.status, 200);
    let members = app.client(&ann).members(group.id, &[]).await.ok();
    let member = members
        .items
        .iter()
        .find(|m| m.user.id == created.bot.id)
        .expect("the bot is a member");
    assert!(member.user.bot);

    app.say(&ann, group.conversation_id, "deploy v1.4 please")
        .await;
    // Its own joining is a (system) message too; then ann's.
    let heard = loop {
        let event = bot_socket.next_event_of("message.created").await;
        if event["data"]["system"].is_null() {
            break event;
        }
    };
    assert_eq!(heard["data"]["body"], "deploy v1.4 please");
    let reply = bot.say(group.conversation_id, "deployed v1.4").await;
    assert_eq!(reply.status, 201);
}

#[tokio::test]
async fn deleting_a_bot_ends_its_tokens_and_only_its_owner_may() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let created = app
        .client(&ann)
        .create_bot(json!({"username": TestApp::username("bot"), "scopes": ["read"]}))
        .await
        .ok();
    let second = app
        .client(&ann)
        .create_bot_token(
            created.bot.id,
            json!({"name": "backup", "scopes": ["read"]}),
        )
        .await;
    assert_eq!(second.status, 201);
    let second = second.ok();

    // A bot cannot make bots, nor tokens; others cannot touch it.
    let as_bot = app.client_with_token(&created.token.secret);
    assert_eq!(
        as_bot
            .create_bot(json!({"username": "botbot", "scopes": ["read"]}))
            .await
            .code(),
        "insufficient_scope"
    );
    let mallory = app.signup(&TestApp::username("mal")).await;
    assert_eq!(
        app.client(&mallory).delete_bot(created.bot.id).await.status,
        404
    );
    assert_eq!(
        app.client(&mallory)
            .create_bot_token(created.bot.id, json!({"name": "mine", "scopes": ["read"]}))
            .await
            .status,
        404
    );

    let mut socket = WsClient::connect(&ws).await;
    assert_eq!(socket.identify(&second.secret).await["op"], "ready");
    assert_eq!(
        app.client(&ann).delete_bot(created.bot.id).await.status,
        204
    );
    assert_eq!(
        socket.ended(Duration::from_secs(2)).await,
        Ended::Closed(Some(4004))
    );
    for secret in [&created.token.secret, &second.secret] {
        assert_eq!(app.client_with_token(secret).me().await.status, 401);
    }
    assert!(app.client(&ann).bots().await.ok().items.is_empty());
}

#[tokio::test]
async fn a_persons_bots_go_when_the_person_deletes_their_account() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let created = app
        .client(&ann)
        .create_bot(json!({"username": TestApp::username("bot"), "scopes": ["read"]}))
        .await
        .ok();
    let deleted = app.client(&ann).delete_me(&ann.password).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(
        app.client_with_token(&created.token.secret)
            .me()
            .await
            .status,
        401
    );
}
