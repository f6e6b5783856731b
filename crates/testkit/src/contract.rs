//! Holds every answer the stories see to the OpenAPI document: the status must
//! be one the operation lists, and an error's code one its response lists. The
//! stories walk most refusals of the API on purpose, so a code the document
//! leaves out (or a status) fails the story that met it.

use reqwest::{Method, Response};
use serde_json::Value;
use std::sync::OnceLock;

fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(confab_api::openapi::document)
}

/// The operation `method path` is, if the document has it. A literal segment
/// beats a `{parameter}` (`/users/me` over `/users/{id}`).
fn operation(method: &Method, path: &str) -> Option<(&'static str, &'static Value)> {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    let paths = document()["paths"].as_object()?;
    let mut best: Option<(usize, &str, &Value)> = None;
    for (template, item) in paths {
        let parts: Vec<&str> = template.split('/').collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut literal = 0;
        let fits = parts.iter().zip(&segments).all(|(part, segment)| {
            if part.starts_with('{') {
                !segment.is_empty()
            } else {
                literal += 1;
                part == segment
            }
        });
        let Some(operation) = item.get(method.as_str().to_ascii_lowercase()) else {
            continue;
        };
        if fits && best.is_none_or(|(l, _, _)| literal > l) {
            best = Some((literal, template.as_str(), operation));
        }
    }
    best.map(|(_, template, operation)| (template, operation))
}

/// Panics when the answer is not one the document promises.
#[track_caller]
pub fn check(method: &Method, path: &str, status: u16, body: &str) {
    let Some((template, operation)) = operation(method, path) else {
        return; // Not an operation (an unknown route, a wrong method): nothing promised.
    };
    let responses = &operation["responses"];
    let Some(response) = responses.get(status.to_string()) else {
        let listed: Vec<&String> = responses
            .as_object()
            .map(|r| r.keys().collect())
            .unwrap_or_default();
        panic!(
            "{method} {template} answered {status}, which its OpenAPI operation does not list \
             (it lists {listed:?}); body: {body}"
        );
    };
    let Some(listed) = response["x-error-codes"].as_array() else {
        return; // Not a refusal (a success, or readiness's own 503 body).
    };
    let Ok(envelope) = serde_json::from_str::<Value>(body) else {
        panic!("{method} {template} answered {status} without the JSON error envelope: {body}");
    };
    let code = envelope["error"]["code"].as_str().unwrap_or_default();
    let listed: Vec<&str> = listed.iter().filter_map(Value::as_str).collect();
    assert!(
        listed.contains(&code),
        "{method} {template} answered {status} `{code}`, which its OpenAPI operation does not \
         list (it lists {listed:?}): add it to the route's refusals![]. Body: {body}"
    );
}

/// Checks a raw answer, handing back an equal one to read.
pub async fn checked(method: &Method, path: &str, response: Response) -> Response {
    let status = response.status();
    let headers = response.headers().clone();
    let version = response.version();
    let bytes = response.bytes().await.expect("response body");
    check(
        method,
        path,
        status.as_u16(),
        &String::from_utf8_lossy(&bytes),
    );
    let mut builder = http::Response::builder().status(status).version(version);
    for (name, value) in &headers {
        builder = builder.header(name, value);
    }
    Response::from(builder.body(bytes).expect("a response"))
}
