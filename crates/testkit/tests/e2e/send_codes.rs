//! The batched send answers one code per message from its SQL function
//! (`confab_send_messages`); `messages::SendCode` names them. Each code is made
//! to happen here, on the real function, and must read as the case it is.

use chrono::Utc;
use confab_domain::access::WriteVerdict;
use confab_domain::messages::SendCode;
use confab_domain::schema::confab_send_messages;
use confab_testkit::{TestApp, TestUser};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use secrecy::ExposeSecret;
use uuid::Uuid;

/// One message as the batched send takes it.
struct Attempt {
    conversation: Uuid,
    author: Uuid,
    reply_to: Option<Uuid>,
    nonce: Option<String>,
    thread: Option<Uuid>,
}

fn attempt(conversation: Uuid, author: &TestUser) -> Attempt {
    Attempt {
        conversation,
        author: author.id,
        reply_to: None,
        nonce: None,
        thread: None,
    }
}

/// The named code of each attempt, sent as one batch.
async fn send_batch(app: &TestApp, attempts: &[Attempt]) -> Vec<SendCode> {
    let mut conn = AsyncPgConnection::establish(app.settings.database.url.expose_secret())
        .await
        .expect("database");
    let codes: Vec<i16> = diesel::select(confab_send_messages(
        attempts.iter().map(|a| a.conversation).collect::<Vec<_>>(),
        attempts.iter().map(|a| a.author).collect::<Vec<_>>(),
        attempts.iter().map(|_| Uuid::now_v7()).collect::<Vec<_>>(),
        attempts
            .iter()
            .map(|_| "hello".to_owned())
            .collect::<Vec<_>>(),
        attempts.iter().map(|a| a.reply_to).collect::<Vec<_>>(),
        attempts.iter().map(|a| a.nonce.clone()).collect::<Vec<_>>(),
        attempts.iter().map(|_| Utc::now()).collect::<Vec<_>>(),
        attempts
            .iter()
            .map(|_| serde_json::json!({}))
            .collect::<Vec<_>>(),
        "message.created",
        attempts.iter().map(|a| a.thread).collect::<Vec<_>>(),
    ))
    .get_result(&mut conn)
    .await
    .expect("confab_send_messages");
    codes
        .into_iter()
        .map(|code| SendCode::from_code(code).unwrap_or_else(|| panic!("unnamed code {code}")))
        .collect()
}

#[tokio::test]
async fn every_code_of_the_batched_send_has_its_name() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let cat = app.signup(&TestApp::username("cat")).await;
    let dan = app.signup(&TestApp::username("dan")).await;
    app.befriend(&ann, &bob).await;
    app.befriend(&ann, &cat).await;
    app.befriend(&ann, &dan).await;
    let with_bob = app.open_dm(&ann, &bob).await;
    let with_cat = app.open_dm(&ann, &cat).await;
    let with_dan = app.open_dm(&ann, &dan).await;
    let elsewhere = app
        .client(&ann)
        .say(with_cat, "in another chat")
        .await
        .ok()
        .id;
    let unfriend = app.client(&ann).unfriend(cat.id).await;
    assert_eq!(unfriend.status, 204, "unfriend cat");
    assert!(
        app.client(&ann)
            .friends()
            .await
            .ok()
            .items
            .iter()
            .all(|f| f.user.id != cat.id)
    );
    let gone = app.client(&dan).delete_me(&dan.password).await;
    assert_eq!(gone.status, 204, "dan deletes his account");
    let deleted = app.client(&ann).user(dan.id).await;
    assert_eq!(deleted.status, 404, "dan is gone");
    assert_eq!(deleted.code(), "not_found");

    let codes = send_batch(
        &app,
        &[
            attempt(with_bob, &ann),
            attempt(with_bob, &cat),
            attempt(with_cat, &ann),
            Attempt {
                reply_to: Some(elsewhere),
                ..attempt(with_bob, &ann)
            },
            attempt(with_dan, &ann),
            Attempt {
                thread: Some(elsewhere),
                ..attempt(with_bob, &ann)
            },
        ],
    )
    .await;
    assert_eq!(
        codes,
        [
            SendCode::Rule(WriteVerdict::Allowed),
            SendCode::Rule(WriteVerdict::NotMember),
            SendCode::Rule(WriteVerdict::NotFriends),
            SendCode::InvalidReplyTo,
            SendCode::Rule(WriteVerdict::RecipientDeleted),
            SendCode::InvalidThread,
        ]
    );

    let once = || Attempt {
        nonce: Some("same-nonce".to_owned()),
        ..attempt(with_bob, &ann)
    };
    assert_eq!(
        send_batch(&app, &[once()]).await,
        [SendCode::Rule(WriteVerdict::Allowed)]
    );
    assert_eq!(send_batch(&app, &[once()]).await, [SendCode::NonceUsed]);
}
