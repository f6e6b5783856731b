//! Health, readiness and metrics on both services.

use confab_testkit::{RedisServer, TestApp};
use secrecy::SecretString;
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

async fn wait_for_status(app: &TestApp, path: &str, status: u16) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let response = app.get(path, None).await;
        if response.status() == status {
            return response.json().await.unwrap();
        }
        assert!(Instant::now() < deadline, "{path} never answered {status}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn readiness_follows_redis_going_away_and_coming_back() {
    let mut redis = RedisServer::start();
    let url = redis.url();
    let app = TestApp::spawn_with(|s| s.redis.url = SecretString::from(url)).await;
    wait_for_status(&app, "/readyz", 200).await;

    redis.stop();
    let body = wait_for_status(&app, "/readyz", 503).await;
    assert_eq!(body["redis"]["ok"], false);
    assert_eq!(body["database"]["ok"], true);
    assert!(
        body["redis"].get("error").is_none(),
        "the reason is logged, not answered: {body}"
    );
    // Alive all the same, and the parts that need no Redis still work.
    assert_eq!(app.get("/healthz", None).await.status(), 200);

    redis.resume();
    wait_for_status(&app, "/readyz", 200).await;
}
