//! Access tokens never reach a URL the app builds, nor a log line, whoever
//! puts one in a URL.

use confab_domain::users::CurrentUser;
use confab_testkit::{Running, TestApp, error_code, service_command, wait_for_port};
use std::io::Read;
use std::process::Stdio;

#[tokio::test]
async fn no_log_line_contains_an_access_token() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    // The real binary, logging every request at info, as in production.
    let (mut command, port) = service_command("confab-api", &app.settings);
    let mut api = Running(
        command
            .env("CONFAB_LOG__LEVEL", "info")
            .env("CONFAB_LOG__FORMAT", "json")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start confab-api"),
    );
    wait_for_port(port, "confab-api");
    let base = format!("http://127.0.0.1:{port}");
    let token = &ann.access_token;
    // Raw requests: the tokens in the query are the point, and they go to the
    // binary's own port, not to `app`, which the typed client speaks to.
    let client = reqwest::Client::new();
    let tried = [
        (
            format!("{base}/api/v1/media/{}?access_token={token}", ann.id),
            "missing_token",
        ),
        (
            format!("{base}/api/v1/users/me?access_token={token}&x=1"),
            "missing_token",
        ),
        (
            format!("{base}/api/v1/users/search?q=ann&token={token}"),
            "missing_token",
        ),
        (
            format!("{base}/api/v1/nowhere?refresh_token={token}"),
            "route_not_found",
        ),
    ];
    // A token in the query is never read: the API says none was given.
    for (url, code) in &tried {
        let response = client.get(url).send().await.unwrap();
        let status = response.status();
        assert!(status.is_client_error(), "{url}: {status}");
        assert_eq!(error_code(response).await, *code, "{url}");
    }
    let me = client
        .get(format!("{base}/api/v1/users/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let me: CurrentUser = me.json().await.unwrap();
    assert_eq!(me.profile.id, ann.id);

    let _ = std::process::Command::new("kill")
        .args(["-TERM", &api.0.id().to_string()])
        .status();
    let mut logs = String::new();
    api.0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    let _ = api.0.wait();
    assert!(
        logs.contains("access_token=[redacted]"),
        "the request lines are logged, redacted: {logs}"
    );
    let signature = token.rsplit('.').next().unwrap();
    assert!(!logs.contains(signature), "a token in the API's log");
}
