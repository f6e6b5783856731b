use confab_testkit::TestApp;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_mailed_link_proves_the_email_once() {
    let app = TestApp::spawn_with_mail(|_| {}).await;
    let name = TestApp::username("ann");
    let email = format!("{name}@Confab.test");
    let ann = app.signup_with_email(&name, &email).await;
    let me = app.client(&ann).me().await.ok();
    assert_eq!(me.email.as_deref(), Some(email.as_str()));
    assert!(
        me.email_verified_at.is_none(),
        "unproven until the link is used"
    );

    let mail = app.inbox().wait_for_mail(&email, 1).await;
    assert_eq!(mail.subject, "Confirm your email for Confab");
    let link = mail
        .link("http://confab.test/verify-email#token=")
        .expect("link");
    let token = mail.token().expect("token");
    assert!(link.ends_with(&token));

    let verified = app.anonymous().verify_email(&token).await.ok();
    assert_eq!(verified.user_id, ann.id);
    let me = app.client(&ann).me().await.ok();
    assert!(me.email_verified_at.is_some());

    let again = app.anonymous().verify_email(&token).await;
    assert_eq!(again.status, 410);
    assert_eq!(again.code(), "link_used");
    let forged = app.anonymous().verify_email("0123456789abcdef").await;
    assert_eq!(forged.status, 404);
    assert_eq!(forged.code(), "invalid_link");

    let log = app.client(&ann).security_events().await.ok();
    assert_eq!(log[0].kind, "email.verified");
    assert_eq!(log[0].ip.as_deref(), Some("127.0.0.1"));
}

#[tokio::test]
async fn a_new_email_starts_unproven_is_mailed_a_link_and_the_old_address_is_told() {
    let app = TestApp::spawn_with_mail(|_| {}).await;
    let (ann, old) = app.verified_user("ann").await;
    let client = app.client(&ann);

    // Saving the profile with the same address (any case) keeps the proof.
    let same = client
        .update_me(json!({ "email": old.to_uppercase() }))
        .await
        .ok();
    assert!(same.email_verified_at.is_some());

    let new = format!("new.{old}");
    let changed = client.update_me(json!({ "email": new })).await.ok();
    assert_eq!(changed.email.as_deref(), Some(new.as_str()));
    assert!(changed.email_verified_at.is_none());

    let notice = app.inbox().wait_for_mail(&old, 2).await;
    assert_eq!(notice.subject, "Your Confab email is changing");
    assert!(notice.text.contains(&new));
    let link = app.inbox().wait_for_mail(&new, 1).await;
    assert_eq!(
        app.anonymous()
            .verify_email(&link.token().unwrap())
            .await
            .status,
        200
    );
    assert!(client.me().await.ok().email_verified_at.is_some());
}

#[tokio::test]
async fn a_link_for_an_address_the_account_no_longer_has_proves_nothing() {
    let app = TestApp::spawn_with_mail(|_| {}).await;
    let name = TestApp::username("ann");
    let first = format!("{name}@confab.test");
    let ann = app.signup_with_email(&name, &first).await;
    let stale = app.inbox().wait_for_mail(&first, 1).await.token().unwrap();
    app.client(&ann)
        .update_me(json!({ "email": format!("other.{first}") }))
        .await
        .ok();

    let answer = app.anonymous().verify_email(&stale).await;
    assert_eq!(answer.status, 410);
    assert_eq!(answer.code(), "link_stale");
    assert!(app.client(&ann).me().await.ok().email_verified_at.is_none());
}

#[tokio::test]
async fn a_proven_email_belongs_to_one_account() {
    let app = TestApp::spawn_with_mail(|_| {}).await;
    let name = TestApp::username("bob");
    let shared = format!("{name}@confab.test");
    // Both type the same address; neither has proven it yet.
    let bob = app.signup_with_email(&name, &shared).await;
    let eve_name = TestApp::username("eve");
    let eve = app
        .signup_with_email(&eve_name, &shared.to_uppercase())
        .await;
    // Addresses are one regardless of case: both links arrive at one inbox.
    app.inbox().wait_for_mail(&shared, 2).await;
    let link_for = |name: &str| {
        app.inbox()
            .mails_to(&shared)
            .into_iter()
            .find(|m| m.text.contains(&format!("Hello {name},")))
            .and_then(|m| m.token())
            .expect("a link for each account")
    };
    let (bobs, eves) = (link_for(&name), link_for(&eve_name));
    assert_ne!(bobs, eves);

    assert_eq!(app.anonymous().verify_email(&bobs).await.status, 200);
    let late = app.anonymous().verify_email(&eves).await;
    assert_eq!(late.status, 409);
    assert_eq!(late.code(), "email_taken");
    assert!(app.client(&eve).me().await.ok().email_verified_at.is_none());

    let signup = app
        .anonymous()
        .signup(json!({"username": TestApp::username("mal"), "password": "long enough", "email": shared}))
        .await;
    assert_eq!(signup.status, 409);
    assert_eq!(signup.code(), "email_taken");
    let patch = app.client(&eve).update_me(json!({ "email": shared })).await;
    assert_eq!(patch.code(), "email_taken");
    let _ = bob;
}

#[tokio::test]
async fn when_the_server_requires_proof_the_first_login_waits_for_the_link() {
    let app = TestApp::spawn_with_mail(|s| s.accounts.require_verified_email = true).await;
    let options = app.anonymous().auth_options().await.ok();
    assert!(options.email && options.email_verification_required);

    let name = TestApp::username("ann");
    let password = "a good long password";
    let without = app
        .anonymous()
        .signup(json!({"username": name, "password": password}))
        .await;
    assert_eq!(without.status, 400);
    assert_eq!(without.code(), "email_required");

    let email = format!("{name}@confab.test");
    let pending = app
        .anonymous()
        .signup_pending(json!({"username": name, "password": password, "email": email}))
        .await;
    assert_eq!(pending.status, 202);
    assert!(pending.ok().email_verification_required);

    let early = app.anonymous().login(&name, password).await;
    assert_eq!(early.status, 403);
    assert_eq!(early.code(), "email_not_verified");
    // A wrong password says nothing about the account's state.
    let guess = app.anonymous().login(&name, "not the password").await;
    assert_eq!(guess.code(), "invalid_credentials");

    let token = app.inbox().wait_for_mail(&email, 1).await.token().unwrap();
    assert_eq!(app.anonymous().verify_email(&token).await.status, 200);
    assert_eq!(app.anonymous().login(&name, password).await.status, 200);
}

#[tokio::test]
async fn a_verification_link_stops_working_when_it_expires() {
    let app = TestApp::spawn_with_mail(|s| s.accounts.mailed_link_ttl_secs = 1).await;
    let name = TestApp::username("ann");
    let email = format!("{name}@confab.test");
    let ann = app.signup_with_email(&name, &email).await;
    let token = app.inbox().wait_for_mail(&email, 1).await.token().unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let late = app.anonymous().verify_email(&token).await;
    assert_eq!(late.status, 410);
    assert_eq!(late.code(), "link_expired");

    // A fresh link can be asked for, and works.
    assert_eq!(app.client(&ann).resend_verification().await.status, 202);
    let fresh = app.inbox().wait_for_mail(&email, 2).await.token().unwrap();
    assert_eq!(app.anonymous().verify_email(&fresh).await.status, 200);
    let done = app.client(&ann).resend_verification().await;
    assert_eq!(done.code(), "email_already_verified");
}

#[tokio::test]
async fn without_mail_everything_else_works_and_mail_features_say_they_are_off() {
    let app = TestApp::spawn().await;
    assert!(!app.anonymous().auth_options().await.ok().email);
    let name = TestApp::username("ann");
    let ann = app
        .signup_with_email(&name, &format!("{name}@confab.test"))
        .await;
    let resend = app.client(&ann).resend_verification().await;
    assert_eq!(resend.status, 403);
    assert_eq!(resend.code(), "email_disabled");
    let forgot = app.anonymous().forgot_password("who@confab.test").await;
    assert_eq!(forgot.status, 403);
    assert_eq!(forgot.code(), "email_disabled");
}

#[tokio::test]
async fn starttls_is_required_when_configured_so_mail_never_goes_out_in_the_clear() {
    // The catcher offers no STARTTLS: a mailer told to use it must not fall
    // back to plain text.
    let app = TestApp::spawn_with_mail(|s| {
        s.mail.security = confab_domain::settings::MailSecurity::Starttls;
    })
    .await;
    let name = TestApp::username("ann");
    let email = format!("{name}@confab.test");
    app.signup_with_email(&name, &email).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        app.inbox().mails().is_empty(),
        "a mail went out without TLS"
    );
}
