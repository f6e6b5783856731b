use confab_testkit::TestApp;
use serde_json::json;

#[tokio::test]
async fn a_mailed_code_confirms_deleting_the_account_once() {
    let app = TestApp::spawn_with_mail(|_| {}).await;
    let (ann, email) = app.verified_user("ann").await;
    let client = app.client(&ann);
    assert_eq!(client.request_deletion_code().await.status, 202);
    let mail = app
        .inbox()
        .wait_for_subject(&email, "Confirm deleting your Confab account")
        .await;
    let code: String = mail
        .text
        .lines()
        .map(str::trim)
        .find(|line| line.len() == 6 && line.chars().all(|c| c.is_ascii_digit()))
        .expect("a six-digit code")
        .to_owned();
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let refused = client.delete_me_with(json!({ "email_code": wrong })).await;
    assert_eq!(refused.code(), "wrong_code");
    let both = client
        .delete_me_with(json!({ "email_code": code, "password": ann.password }))
        .await;
    assert_eq!(both.code(), "invalid_body");

    assert_eq!(
        client
            .delete_me_with(json!({ "email_code": code }))
            .await
            .status,
        204
    );
    assert_eq!(client.me().await.status, 401);
}

#[tokio::test]
async fn a_deletion_code_needs_a_confirmed_email() {
    let app = TestApp::spawn_with_mail(|_| {}).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let answer = app.client(&ann).request_deletion_code().await;
    assert_eq!(answer.code(), "no_verified_email");
}
