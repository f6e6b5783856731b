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

fn authenticate(req: &HttpRequest) -> Result<Identity, ApiError> {
    let keys = req
        .app_data::<web::Data<TokenKeys>>()
        .ok_or_else(|| DomainError::internal("token keys not configured"))?;
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(DomainError::Unauthenticated {
            code: "missing_token",
            message: "send an access token as 'Authorization: Bearer <token>'",
        })?;
    Ok(keys.verify(token)?)
}

/// The client's User-Agent, kept with each login so users can tell them apart.
pub fn user_agent(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
}
