use super::authenticator::App;
use confab_testkit::{SoftPasskey, TestApp, TestUser};
use serde_json::Value;

/// Where the web app is, as the browser reports it in each answer.
fn site(app: &TestApp) -> String {
    app.settings.public_url.clone()
}

/// Registers a new passkey for `user`; returns the authenticator.
async fn add_passkey(app: &TestApp, user: &TestUser, name: &str) -> (SoftPasskey, uuid::Uuid) {
    let mut authenticator = SoftPasskey::new();
    let client = app.client(user);
    let ceremony = client.passkey_registration().await.ok();
    assert_eq!(
        ceremony.options["publicKey"]["authenticatorSelection"]["residentKey"],
        "preferred"
    );
    let answer = authenticator.register(&ceremony.options, &site(app));
    let added = client
        .add_passkey(ceremony.ceremony_id, name, answer)
        .await
        .ok();
    (authenticator, added.id)
}

async fn passkey_login(
    app: &TestApp,
    authenticator: &mut SoftPasskey,
    origin: &str,
) -> (u16, Option<String>) {
    let ceremony = app.anonymous().passkey_login_options().await.ok();
    let answer = authenticator.authenticate(&ceremony.options, origin);
    let login = app
        .anonymous()
        .passkey_login(ceremony.ceremony_id, answer)
        .await;
    let status = login.status.as_u16();
    (status, (status != 200).then(|| login.code()))
}

#[tokio::test]
async fn a_passkey_is_added_named_and_logs_in_alone() {
    let app = TestApp::spawn().await;
    assert!(app.anonymous().auth_options().await.ok().passkeys);
    let ann = app.signup(&TestApp::username("ann")).await;
    let (mut laptop, id) = add_passkey(&app, &ann, "Laptop").await;
    let renamed = app
        .client(&ann)
        .rename_passkey(id, "  Work laptop ")
        .await
        .ok();
    assert_eq!(renamed.name, "Work laptop");
    assert_eq!(
        app.client(&ann).rename_passkey(id, "").await.code(),
        "invalid_passkey_name"
    );

    // No username, no password: the authenticator names the account.
    let ceremony = app.anonymous().passkey_login_options().await.ok();
    assert!(
        ceremony.options["publicKey"]["allowCredentials"]
            .as_array()
            .is_none_or(Vec::is_empty)
    );
    let answer = laptop.authenticate(&ceremony.options, &site(&app));
    let login = app
        .anonymous()
        .passkey_login(ceremony.ceremony_id, answer)
        .await
        .ok();
    assert_eq!(login.user.profile.id, ann.id);
    let me = app.client_with_token(&login.tokens.access_token);
    let keys = me.passkeys().await.ok();
    assert_eq!(keys.len(), 1);
    assert!(keys[0].last_used_at.is_some());
    let log = me.security_events().await.ok();
    assert!(log.iter().any(|e| e.kind == "passkey.added"));
    let other = app.signup(&TestApp::username("bob")).await;
    assert_eq!(
        app.client(&other).remove_passkey(id).await.status,
        404,
        "not theirs"
    );
}

#[tokio::test]
async fn an_account_has_several_passkeys_and_a_removed_one_logs_in_no_more() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let (mut laptop, laptop_id) = add_passkey(&app, &ann, "Laptop").await;
    let (mut phone, _) = add_passkey(&app, &ann, "Phone").await;
    assert_eq!(app.client(&ann).passkeys().await.ok().len(), 2);

    assert_eq!(app.client(&ann).remove_passkey(laptop_id).await.status, 204);
    let origin = site(&app);
    assert_eq!(
        passkey_login(&app, &mut laptop, &origin).await,
        (401, Some("invalid_passkey".into()))
    );
    assert_eq!(passkey_login(&app, &mut phone, &origin).await.0, 200);
}

#[tokio::test]
async fn answers_for_another_site_tampered_or_replayed_are_refused() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let (mut laptop, _) = add_passkey(&app, &ann, "Laptop").await;

    // A look-alike site relays our options to the authenticator: the
    // browser names the page it was on, and that is not us.
    assert_eq!(
        passkey_login(&app, &mut laptop, "http://confab.example.evil").await,
        (401, Some("invalid_passkey".into()))
    );

    let ceremony = app.anonymous().passkey_login_options().await.ok();
    let mut answer = laptop.authenticate(&ceremony.options, &site(&app));
    let good = answer.clone();
    answer["response"]["signature"] = Value::String(
        laptop.authenticate(&ceremony.options, "http://other.test")["response"]["signature"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    let tampered = app
        .anonymous()
        .passkey_login(ceremony.ceremony_id, answer)
        .await;
    assert_eq!(tampered.code(), "invalid_passkey");
    // The ceremony was spent by the failed try: even the good answer is late.
    let replay = app
        .anonymous()
        .passkey_login(ceremony.ceremony_id, good)
        .await;
    assert_eq!(replay.code(), "invalid_ceremony");

    // Registering from another site is refused too.
    let client = app.client(&ann);
    let ceremony = client.passkey_registration().await.ok();
    let foreign = SoftPasskey::new().register(&ceremony.options, "http://confab.example.evil");
    let refused = client
        .add_passkey(ceremony.ceremony_id, "Evil", foreign)
        .await;
    assert_eq!(refused.code(), "invalid_attestation");
    // A ceremony another account started is not this one's to finish.
    let bob = app.signup(&TestApp::username("bob")).await;
    let bobs = app.client(&bob).passkey_registration().await.ok();
    let answer = SoftPasskey::new().register(&bobs.options, &site(&app));
    let stolen = client.add_passkey(bobs.ceremony_id, "Stolen", answer).await;
    assert_eq!(stolen.code(), "invalid_ceremony");
}

#[tokio::test]
async fn a_passkey_serves_as_the_second_factor() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let setup = app.client(&ann).totp_setup().await.ok();
    let code = App::new(&setup.secret).code(0);
    app.client(&ann).totp_enable(&code).await.ok();
    let (mut laptop, _) = add_passkey(&app, &ann, "Laptop").await;

    let challenge = app
        .anonymous()
        .login_challenged(&ann.username, &ann.password)
        .await
        .ok();
    assert!(challenge.methods.contains(&"passkey".to_owned()));
    let ceremony = app
        .anonymous()
        .second_factor_passkey_options(&challenge.challenge)
        .await
        .ok();
    let answer = laptop.authenticate(&ceremony.options, &site(&app));
    let login = app
        .anonymous()
        .second_factor_passkey(&challenge.challenge, ceremony.ceremony_id, answer)
        .await;
    assert_eq!(login.status, 200);
}

#[tokio::test]
async fn passkeys_are_off_when_the_site_has_no_domain_name() {
    let app = TestApp::spawn_with(|s| s.public_url = "http://127.0.0.1:8080".into()).await;
    assert!(!app.anonymous().auth_options().await.ok().passkeys);
    let ann = app.signup(&TestApp::username("ann")).await;
    let refused = app.client(&ann).passkey_registration().await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "passkeys_disabled");
}
