//! Health, readiness and metrics on both services.

use confab_testkit::{RedisServer, TestApp};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use std::time::{Duration, Instant};

fn http_of(ws_url: &str) -> String {
    ws_url
        .replace("ws://", "http://")
        .trim_end_matches("/ws")
        .to_owned()
}

#[tokio::test]
async fn both_services_answer_health_readiness_and_metrics() {
    let mut app = TestApp::spawn().await;
    let gateway = http_of(&app.spawn_gateway().await);
    for origin in [app.address.clone(), gateway] {
        let health = app
            .client
            .get(format!("{origin}/healthz"))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200, "{origin}");
        let ready = app
            .client
            .get(format!("{origin}/readyz"))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), 200, "{origin}");
        let body: Value = ready.json().await.unwrap();
        assert_eq!(body["database"]["ok"], true);
        assert_eq!(body["redis"]["ok"], true);
        let metrics = app
            .client
            .get(format!("{origin}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(metrics.status(), 200);
        assert!(
            metrics.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        let text = metrics.text().await.unwrap();
        assert!(text.contains("http_requests_total"), "{text}");
    }
}

/// Polls `url` until it answers `status`; its body.
async fn wait_for_status(app: &TestApp, url: &str, status: u16, within: Duration) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let response = app.client.get(url).send().await.unwrap();
        if response.status() == status {
            return response.json().await.unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "{url} never answered {status} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn readiness_follows_redis_going_away_and_coming_back() {
    let mut redis = RedisServer::start();
    let app = TestApp::spawn_with(|s| redis.serve(s)).await;
    let readyz = app.url("/readyz");
    wait_for_status(&app, &readyz, 200, Duration::from_secs(10)).await;

    redis.stop();
    let body = wait_for_status(&app, &readyz, 503, Duration::from_secs(10)).await;
    assert_eq!(body["redis"]["ok"], false);
    assert_eq!(body["database"]["ok"], true);
    assert!(
        body["redis"].get("error").is_none(),
        "the reason is logged, not answered: {body}"
    );
    // Alive all the same, and the parts that need no Redis still work.
    assert_eq!(app.get("/healthz", None).await.status(), 200);

    redis.resume();
    wait_for_status(&app, &readyz, 200, Duration::from_secs(10)).await;
}

/// Metric names in PromQL: each selector is written `name{...}`.
fn selected_metrics(promql: &str, into: &mut std::collections::BTreeSet<String>) {
    let bytes = promql.as_bytes();
    for (at, _) in promql.match_indices('{') {
        let start = bytes[..at]
            .iter()
            .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b':'))
            .map_or(0, |p| p + 1);
        let name = &promql[start..at];
        if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            into.insert(name.to_owned());
        }
    }
}

fn json_exprs(value: &Value, into: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(expr) if key == "expr" => selected_metrics(expr, into),
                    _ => json_exprs(value, into),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| json_exprs(v, into)),
        _ => {}
    }
}

/// The metric names of a `/metrics` text (histograms as their `_bucket`,
/// `_sum` and `_count` series).
fn exported(text: &str) -> std::collections::BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split(['{', ' ']).next().unwrap().to_owned())
        .collect()
}

/// The alert rules and the Grafana dashboard that ship in deploy/ name only
/// series the real binaries export, from their start or after the traffic
/// that makes them (a request, a socket, a refused sign-up).
#[tokio::test]
async fn the_shipped_alerts_and_dashboard_name_only_exported_metrics() {
    use confab_testkit::{GatewayProcess, Running, service_command, wait_for_port};
    let app = TestApp::spawn().await;
    let (mut api, port) = service_command("confab-api", &app.settings);
    let _api = Running(
        api.env("CONFAB_LIMITS__ENABLED", "true")
            .env("CONFAB_LIMITS__SIGNUP_PER_IP__COUNT", "1")
            .spawn()
            .expect("start confab-api"),
    );
    wait_for_port(port, "confab-api");
    let gateway = GatewayProcess::spawn(&app.settings);
    let api = format!("http://127.0.0.1:{port}");

    let signup = |name: String| {
        app.client
            .post(format!("{api}/api/v1/auth/signup"))
            .json(&serde_json::json!({"username": name, "password": "password-123"}))
            .send()
    };
    let ann: Value = signup(TestApp::username("ann"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let refused = signup(TestApp::username("bob")).await.unwrap();
    assert_eq!(refused.status(), 429, "the one-a-window sign-up limit");
    let token = ann["access_token"].as_str().unwrap();
    let mut socket = confab_testkit::WsClient::connect(&gateway.url).await;
    assert_eq!(socket.identify(token).await["op"], "ready");

    let mut names = std::collections::BTreeSet::new();
    for origin in [api.clone(), http_of(&gateway.url)] {
        for _ in 0..2 {
            // The second scrape also sees the first one's request counted.
            let text = app
                .client
                .get(format!("{origin}/metrics"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            names.extend(exported(&text));
        }
    }
    drop(socket);

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy");
    let mut named = std::collections::BTreeSet::new();
    let rules = std::fs::read_to_string(root.join("prometheus/confab-alerts.yml")).unwrap();
    selected_metrics(&rules, &mut named);
    let dashboard: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("grafana/confab.json")).unwrap())
            .unwrap();
    json_exprs(&dashboard, &mut named);
    assert!(named.len() > 20, "found only {named:?}");
    // `up` is Prometheus's own, per scraped target.
    let unknown: Vec<_> = named
        .iter()
        .filter(|n| *n != "up" && !names.contains(*n))
        .collect();
    assert!(
        unknown.is_empty(),
        "deploy/ names series no binary exports: {unknown:?}\nexported: {names:?}"
    );
}

/// A process restarted on a slow machine (a debug build under emulation takes
/// about 1.8 s for a SCRAM login) must still become ready: the connection a
/// readiness check starts is kept even when the check gives up waiting for it.
#[tokio::test]
async fn readiness_comes_when_opening_a_database_connection_outlasts_the_check() {
    use confab_testkit::SlowConnectProxy;
    let mut app = TestApp::spawn().await;
    let proxy = SlowConnectProxy::start(
        app.settings.database.url.expose_secret(),
        Duration::from_millis(2500),
    )
    .await;
    app.settings.database.url = SecretString::from(proxy.url().to_owned());
    app.settings.database.connect_timeout_ms = 10_000;
    let gateway = http_of(&app.spawn_gateway().await);

    // Before the fix, each check cancelled the connection it was opening and
    // the gateway never became ready.
    let body = wait_for_status(
        &app,
        &format!("{gateway}/readyz"),
        200,
        Duration::from_secs(15),
    )
    .await;
    assert_eq!(body["database"]["ok"], true);
}
