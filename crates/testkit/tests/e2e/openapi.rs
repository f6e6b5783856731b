//! The OpenAPI document is generated from the routes the server registers; these
//! tests check that it describes what is served.

use confab_testkit::TestApp;
use reqwest::Method;
use serde_json::Value;

async fn document(app: &TestApp) -> Value {
    let response = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                ops.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops.sort();
    ops
}

#[tokio::test]
async fn the_document_lists_the_routes_of_the_foundation() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let ops = operations(&doc);
    for (method, path) in [
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/api/v1/openapi.json"),
        ("POST", "/api/v1/auth/signup"),
        ("POST", "/api/v1/auth/login"),
        ("POST", "/api/v1/auth/refresh"),
        ("POST", "/api/v1/auth/logout"),
        ("GET", "/api/v1/users/me"),
        ("PATCH", "/api/v1/users/me"),
        ("DELETE", "/api/v1/users/me"),
        ("POST", "/api/v1/users/me/password"),
    ] {
        assert!(
            ops.contains(&(method.to_string(), path.to_string())),
            "{method} {path} missing from {ops:?}"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    // Behind Nginx `/metrics` is the web app's path; the scraper reaches each
    // process directly, so the API's document does not offer it.
    assert!(doc["paths"].get("/metrics").is_none());
}

#[tokio::test]
async fn every_documented_operation_is_served() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    for (method, path) in operations(&doc) {
        // Path parameters get a well-formed id that names nothing.
        let concrete = path
            .split('/')
            .map(|seg| {
                if seg.starts_with('{') {
                    uuid::Uuid::now_v7().to_string()
                } else {
                    seg.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let response = app
            .request(
                Method::from_bytes(method.as_bytes()).unwrap(),
                &concrete,
                None,
                None,
            )
            .await;
        let status = response.status();
        let body: Value = if status.is_success() {
            Value::Null
        } else {
            response.json().await.unwrap_or(Value::Null)
        };
        assert_ne!(
            body["error"]["code"], "route_not_found",
            "{method} {path} is documented but not served"
        );
    }
}

#[tokio::test]
async fn the_document_describes_every_socket_event_with_its_data() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let variants = doc["components"]["schemas"]["Payload"]["oneOf"]
        .as_array()
        .expect("the Payload schema is a oneOf");
    let mut documented = Vec::new();
    for variant in variants {
        let name = variant["properties"]["type"]["enum"][0]
            .as_str()
            .unwrap_or_else(|| panic!("a variant without its type: {variant}"));
        let data = &variant["properties"]["data"];
        assert!(
            data.get("$ref").is_some() || data.get("type").is_some(),
            "{name} has no data schema: {variant}"
        );
        documented.push(name.to_owned());
    }
    documented.sort();
    let mut catalogue: Vec<String> = confab_domain::events::EventType::ALL
        .iter()
        .map(|t| t.as_str().to_owned())
        .collect();
    catalogue.sort();
    assert_eq!(documented, catalogue);
}

#[tokio::test]
async fn the_committed_document_is_the_one_served() {
    // Every route the server registers is in the served document (routes are
    // registered only through the documented list, `routes::configure`), so
    // this compares every route, its parameters, answers and schemas.
    const COMMITTED: &str = include_str!("../../../../docs/openapi.json");
    let app = TestApp::spawn().await;
    let served = document(&app).await;
    let committed: Value = serde_json::from_str(COMMITTED).expect("docs/openapi.json is JSON");
    assert!(
        served == committed,
        "docs/openapi.json is stale: run `cargo run -p confab-api -- openapi > docs/openapi.json`"
    );
}

#[tokio::test]
async fn every_operation_has_its_own_id() {
    // OpenAPI requires unique operationIds; generated clients name their
    // functions by them (two handlers called `list` collided).
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().unwrap() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            if let Some(other) = seen.insert(id.to_owned(), format!("{method} {path}")) {
                panic!("operationId {id} is both {other} and {method} {path}");
            }
        }
    }
    assert_eq!(seen.len(), operations(&doc).len(), "an operation has no id");
}
