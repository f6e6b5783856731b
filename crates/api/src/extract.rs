//! Request extractors shared by the routes.

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use confab_domain::Error as DomainError;
use confab_domain::auth::{Identity, TokenKeys};
use std::future::{Ready, ready};

/// The caller, proven by `Authorization: Bearer <access token>`.
pub struct Authenticated(pub Identity);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).map(Authenticated))
    }
}

/// The caller of a media download: the bearer header, or `?access_token=`
/// (what `<img>`, `<audio>` and `<video>` elements can send).
pub struct MediaReader(pub Identity);

impl FromRequest for MediaReader {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let from_query = || {
            web::Query::<TokenQuery>::from_query(req.query_string())
                .ok()
                .and_then(|q| q.into_inner().access_token)
        };
        ready(
            match bearer(req).map(str::to_owned).or_else(from_query) {
                Some(token) => verify(req, &token),
                None => Err(missing_token()),
            }
            .map(MediaReader),
        )
    }
}

#[derive(serde::Deserialize)]
struct TokenQuery {
    access_token: Option<String>,
}

fn bearer(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

fn missing_token() -> ApiError {
    DomainError::Unauthenticated {
        code: "missing_token",
        message: "send an access token as 'Authorization: Bearer <token>'",
    }
    .into()
}

fn verify(req: &HttpRequest, token: &str) -> Result<Identity, ApiError> {
    let keys = req
        .app_data::<web::Data<TokenKeys>>()
        .ok_or_else(|| DomainError::internal("token keys not configured"))?;
    Ok(keys.verify(token)?)
}

fn authenticate(req: &HttpRequest) -> Result<Identity, ApiError> {
    let token = bearer(req).ok_or_else(missing_token)?;
    verify(req, token)
}

/// The client's User-Agent, kept with each login so users can tell them apart.
pub fn user_agent(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
}

/// The client's address for per-IP limits: the peer, or (only when
/// `limits.trust_forwarded_for`, behind a proxy that sets it) the first address
/// of `X-Forwarded-For`.
pub fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    let forwarded = || {
        req.headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|ip| ip.trim().to_owned())
            .filter(|ip| !ip.is_empty())
    };
    trust_forwarded_for
        .then(forwarded)
        .flatten()
        .or_else(|| req.peer_addr().map(|a| a.ip().to_string()))
        .unwrap_or_else(|| "unknown".to_owned())
}
