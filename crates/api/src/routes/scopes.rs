//! What an access token needs for each operation, as the OpenAPI document
//! states it (`openapi::contract` settles one scope per operation): the
//! document is both what consumers read and what is enforced.

use actix_web::HttpRequest;
use actix_web::web;
use confab_domain::Result;
use confab_domain::auth::Identity;
use confab_domain::auth::access_tokens::{Grant, LOGIN_ONLY, insufficient_scope};
use std::collections::HashMap;

/// (method, route pattern) → the scope a token needs.
pub struct RequiredScopes(HashMap<(String, String), String>);

impl RequiredScopes {
    pub fn from_document(doc: &serde_json::Value) -> Self {
        let mut table = HashMap::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                let scope = operation["security"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find_map(|r| r["bearer"].get(0).and_then(|s| s.as_str()));
                if let Some(scope) = scope {
                    table.insert(
                        (method.to_ascii_uppercase(), path.clone()),
                        scope.to_owned(),
                    );
                }
            }
        }
        Self(table)
    }

    /// What `req`'s operation needs of a token; a login, for anything the
    /// document does not name (nothing is open to a token by omission).
    fn required(&self, req: &HttpRequest) -> &str {
        req.match_pattern()
            .and_then(|pattern| self.0.get(&(req.method().to_string(), pattern)))
            .map_or(LOGIN_ONLY, String::as_str)
    }
}

/// Refuses a token that lacks the scope of `req`'s operation (logins pass).
pub fn check(req: &HttpRequest, who: &Identity) -> Result<()> {
    if who.grant == Grant::Login {
        return Ok(());
    }
    let required = req
        .app_data::<web::Data<RequiredScopes>>()
        .map_or(LOGIN_ONLY, |table| table.required(req));
    if who.grant.allows(required) {
        Ok(())
    } else {
        Err(insufficient_scope(required))
    }
}
