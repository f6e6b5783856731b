//! What answers a request no route takes: 405 with `Allow` when the path is an
//! operation's with another method, 404 `route_not_found` otherwise.

use crate::error::ApiError;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use confab_domain::error::ErrorCode;
use confab_web::envelope::error_response;

/// Each documented path (segments; `None` is a `{parameter}`) with its methods.
pub struct PathMethods(Vec<(Vec<Option<String>>, Vec<String>)>);

impl PathMethods {
    pub fn from_document(doc: &serde_json::Value) -> Self {
        let mut table = Vec::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            let segments = path
                .split('/')
                .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                .collect();
            let methods = item
                .as_object()
                .into_iter()
                .flatten()
                .map(|(method, _)| method.to_ascii_uppercase())
                .filter(|m| ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m.as_str()))
                .collect();
            table.push((segments, methods));
        }
        Self(table)
    }

    /// The methods of the documented path `path` is: of those it fits, the
    /// ones with the most literal segments (`/users/me` is not `/users/{id}`).
    pub fn allowed(&self, path: &str) -> Vec<&str> {
        let given: Vec<&str> = path.split('/').collect();
        let fitting = self.0.iter().filter(|(segments, _)| {
            segments.len() == given.len()
                && segments.iter().zip(&given).all(|(s, g)| match s {
                    Some(literal) => literal == g,
                    None => !g.is_empty(),
                })
        });
        let literals = |segments: &[Option<String>]| segments.iter().flatten().count();
        let best = fitting.clone().map(|(s, _)| literals(s)).max();
        let mut allowed: Vec<&str> = fitting
            .filter(|(s, _)| Some(literals(s)) == best)
            .flat_map(|(_, methods)| methods.iter().map(String::as_str))
            .collect();
        allowed.sort_unstable();
        allowed.dedup();
        allowed
    }
}

/// 405 with `Allow`, when `req`'s path is an operation's but not with its
/// method (a route with a parameter may have taken it: `PATCH
/// /users/me/passkeys/registration` fits `/users/me/passkeys/{id}`).
pub fn wrong_method(req: &HttpRequest) -> Option<HttpResponse> {
    let table = req.app_data::<web::Data<PathMethods>>()?;
    let allowed = table.allowed(req.path());
    if allowed.is_empty() || allowed.contains(&req.method().as_str()) {
        return None;
    }
    let mut response = error_response(
        ErrorCode::MethodNotAllowed,
        format!("{} is not an operation of this path", req.method()),
    );
    response.headers_mut().insert(
        header::ALLOW,
        header::HeaderValue::from_str(&allowed.join(", ")).expect("method names are header-safe"),
    );
    Some(response)
}

pub async fn unmatched(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    wrong_method(&req).ok_or_else(|| ErrorCode::RouteNotFound.into())
}
