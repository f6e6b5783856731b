//! Completes the collected document into a contract: every operation lists
//! every status it can answer, and each error response names exactly its codes,
//! described from the code table (`ErrorCode`), with a schema whose `code` is an
//! enum of them. What an operation answers because of its shape is added here,
//! once, instead of in each route:
//!
//! - every `/api/v1` operation: 400 `invalid_path`/`invalid_query` (NUL or
//!   non-UTF-8 bytes, refused before any handler) and 503
//!   `service_unavailable`;
//! - a bearer token: 401 `missing_token`, `invalid_token`, `token_expired`,
//!   `session_revoked`, `account_deleted`;
//! - a JSON body: 400 `invalid_body`/`malformed_json`, 413, 415;
//! - a multipart body: 400 `invalid_multipart`, 413, 415;
//! - a path parameter: 404 `not_found` (an id that does not parse names
//!   nothing);
//! - a `limit` query parameter: 400 `invalid_limit`.
//!
//! Each operation that takes a token also names the one scope an access token
//! needs for it (`settle_scope`).
//!
//! It also gives every `format: uuid` string the pattern of the form clients
//! send (hyphenated), which generators and validators otherwise ignore.

use super::refusals::DECLARED;
use confab_domain::auth::access_tokens::{LOGIN_ONLY, Scope};
use confab_domain::error::ErrorCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// Where a hand-written schema keeps its `oneOf` until `complete` moves it
/// into place (utoipa's object schema has no field for it).
pub const ONE_OF: &str = "x-one-of";

const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

fn pattern_uuids(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("uuid") {
                map.insert("pattern".into(), Value::from(UUID_PATTERN));
            }
            map.values_mut().for_each(pattern_uuids);
        }
        Value::Array(items) => items.iter_mut().for_each(pattern_uuids),
        _ => {}
    }
}

fn place_one_of(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(branches) = map.remove(ONE_OF) {
                map.insert("oneOf".into(), branches);
            }
            map.values_mut().for_each(place_one_of);
        }
        Value::Array(items) => items.iter_mut().for_each(place_one_of),
        _ => {}
    }
}

/// The refusals each operation can answer because of its shape.
fn implied(path: &str, operation: &Value) -> Vec<ErrorCode> {
    let mut codes = Vec::new();
    if path.starts_with("/api/v1/") {
        codes.extend([
            ErrorCode::InvalidPath,
            ErrorCode::InvalidQuery,
            ErrorCode::ServiceUnavailable,
        ]);
    }
    let needs_token = operation["security"]
        .as_array()
        .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
    if needs_token {
        codes.extend([
            ErrorCode::InsufficientScope,
            ErrorCode::MissingToken,
            ErrorCode::InvalidToken,
            ErrorCode::TokenExpired,
            ErrorCode::SessionRevoked,
            ErrorCode::AccountDeleted,
        ]);
    }
    let content = &operation["requestBody"]["content"];
    if content.get("application/json").is_some() {
        codes.extend([
            ErrorCode::InvalidBody,
            ErrorCode::MalformedJson,
            ErrorCode::PayloadTooLarge,
            ErrorCode::UnsupportedMediaType,
        ]);
    }
    if content.get("multipart/form-data").is_some() {
        codes.extend([
            ErrorCode::InvalidMultipart,
            ErrorCode::PayloadTooLarge,
            ErrorCode::UnsupportedMediaType,
        ]);
    }
    let has_limit = operation["parameters"]
        .as_array()
        .is_some_and(|ps| ps.iter().any(is_limit));
    if has_limit {
        codes.push(ErrorCode::InvalidLimit);
    }
    let has_path_parameter = operation["parameters"]
        .as_array()
        .is_some_and(|ps| ps.iter().any(|p| p["in"] == "path"));
    if has_path_parameter {
        codes.push(ErrorCode::NotFound);
    }
    codes
}

fn is_limit(parameter: &Value) -> bool {
    parameter["in"] == "query" && parameter["name"] == "limit"
}

/// Every page's `limit` has the bounds `pagination::parse_limit` applies.
fn bound_limits(operation: &mut Value) {
    // `get_mut`, not indexing: `value["key"]` on a `&mut` inserts a null.
    let Some(parameters) = operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for parameter in parameters.iter_mut().filter(|p| is_limit(p)) {
        parameter["schema"]["minimum"] = json!(1);
        parameter["schema"]["maximum"] = json!(confab_domain::pagination::MAX_LIMIT);
    }
}

fn code_by_name(name: &str) -> ErrorCode {
    ErrorCode::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == name)
        .unwrap_or_else(|| panic!("refusals! lists an unknown code {name}"))
}

/// The envelope, with `code` narrowed to `codes`.
fn envelope_schema(codes: &[ErrorCode]) -> Value {
    json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {
                        "type": "string",
                        "enum": codes.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                    },
                    "message": {"type": "string", "description": "For people; may change."},
                },
            },
        },
    })
}

fn headers(status: u16) -> Value {
    let integer = json!({"type": "integer", "minimum": 0});
    match status {
        401 => {
            json!({"WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}})
        }
        429 | 503 => json!({"Retry-After": {
            "description": "Seconds to wait before trying again (with `rate_limited` and `busy`).",
            "schema": integer,
        }}),
        _ => json!({}),
    }
}

fn error_response(status: u16, codes: &BTreeMap<ErrorCode, Option<String>>) -> Value {
    let listed: Vec<ErrorCode> = codes.keys().copied().collect();
    let mut description = String::from("Refused; `error.code` is one of:\n");
    for (code, note) in codes {
        description.push_str(&format!("\n- `{code}`: {}", code.meaning()));
        if let Some(note) = note {
            description.push_str(&format!(" Here: {note}."));
        }
    }
    let mut response = json!({
        "description": description,
        "content": {"application/json": {"schema": envelope_schema(&listed)}},
        "x-error-codes": listed.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
    });
    let headers = headers(status);
    if headers.as_object().is_some_and(|h| !h.is_empty()) {
        response["headers"] = headers;
    }
    response
}

/// Every operation that takes a token names what a token needs for it: the
/// scope its route declares, else `read` for a GET and a login for the rest.
/// The API enforces what this writes (`routes::scopes`).
fn settle_scope(method: &str, operation: &mut Value) {
    let Some(requirements) = operation.get_mut("security").and_then(Value::as_array_mut) else {
        return;
    };
    for requirement in requirements {
        let Some(scopes) = requirement.get_mut("bearer").and_then(Value::as_array_mut) else {
            continue;
        };
        if scopes.is_empty() {
            let default = if method == "get" {
                Scope::Read.as_str()
            } else {
                LOGIN_ONLY
            };
            scopes.push(json!(default));
        }
    }
}

fn complete_operation(path: &str, method: &str, operation: &mut Value) {
    settle_scope(method, operation);
    bound_limits(operation);
    let mut refusals: BTreeMap<u16, BTreeMap<ErrorCode, Option<String>>> = BTreeMap::new();
    for code in implied(path, operation) {
        refusals
            .entry(code.status())
            .or_default()
            .insert(code, None);
    }
    let responses = operation["responses"]
        .as_object_mut()
        .expect("every operation has responses");
    responses.retain(|status, response| {
        let Some(declared) = response.get(DECLARED).and_then(Value::as_array) else {
            return true;
        };
        let status: u16 = status.parse().expect("a numeric status");
        for entry in declared {
            let code = code_by_name(entry["code"].as_str().expect("a code"));
            let note = entry["note"].as_str().map(str::to_owned);
            refusals.entry(status).or_default().insert(code, note);
        }
        false
    });
    for (status, codes) in &refusals {
        let key = status.to_string();
        assert!(
            !responses.contains_key(&key),
            "{path}: status {status} is both a success and a refusal"
        );
        responses.insert(key, error_response(*status, codes));
    }
}

/// The document as served and committed.
pub fn complete(mut doc: Value) -> Value {
    place_one_of(&mut doc);
    pattern_uuids(&mut doc);
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            for method in METHODS {
                if let Some(operation) = item.get_mut(method) {
                    complete_operation(path, method, operation);
                }
            }
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("the document has schemas");
    for (name, schema) in super::socket::components() {
        schemas.insert(name.into(), schema);
    }
    doc
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// Completing adds what is missing and nothing else: no `null` where the
    /// collected document had no field (OpenAPI refuses `parameters: null`).
    #[test]
    fn completing_leaves_no_null_behind() {
        fn nulls(value: &Value, at: &str, found: &mut Vec<String>) {
            match value {
                Value::Null => found.push(at.to_owned()),
                Value::Object(map) => {
                    for (key, inner) in map {
                        // `type: [T, "null"]` names null; it is not one.
                        nulls(inner, &format!("{at}/{key}"), found);
                    }
                }
                Value::Array(items) => {
                    for (i, inner) in items.iter().enumerate() {
                        nulls(inner, &format!("{at}/{i}"), found);
                    }
                }
                _ => {}
            }
        }
        let mut found = Vec::new();
        nulls(&crate::openapi::document()["paths"], "paths", &mut found);
        assert!(found.is_empty(), "nulls in the document: {found:?}");
    }

    /// Query parameters take their rules as literals (utoipa drops `required`
    /// and the description of a parameter whose schema is a function): they
    /// must be the parsers' rules.
    #[test]
    fn searches_state_the_rules_their_parsers_apply() {
        let doc = crate::openapi::document();
        let q = |path: &str| -> Value {
            doc["paths"][path]["get"]["parameters"]
                .as_array()
                .and_then(|ps| ps.iter().find(|p| p["name"] == "q"))
                .cloned()
                .unwrap_or_else(|| panic!("{path} has q"))
        };
        let blank = confab_domain::text::not_blank_pattern();
        let messages = q("/api/v1/search/messages");
        assert_eq!(messages["required"], true);
        assert_eq!(messages["schema"]["pattern"], blank.as_str());
        assert_eq!(
            messages["schema"]["maxLength"],
            confab_domain::messages::SearchText::MAX
        );
        let users = q("/api/v1/users/search");
        assert_eq!(users["required"], true);
        assert_eq!(users["schema"]["pattern"], blank.as_str());
        assert_eq!(
            users["schema"]["maxLength"],
            confab_domain::friends::PREFIX_MAX
        );
        let groups = q("/api/v1/groups/search");
        assert_eq!(
            groups["schema"]["maxLength"],
            confab_domain::groups::QUERY_MAX
        );
    }
}
