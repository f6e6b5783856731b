use crate::error::ApiError;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::TokenPair;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

refusals![
    AccountDisabled,
    InvalidRefreshToken = "unknown or expired",
    RefreshTokenReused = "the login is now revoked",
    SessionRevoked = "the login ended: logout, revoked, password reset",
    RateLimited = "this address, or this account",
];

/// Trade a refresh token for a new token pair. Each refresh token works once;
/// presenting a spent one revokes the whole login.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = OK, body = TokenPair),
        Refusals,
    )
)]
#[post("/auth/refresh")]
#[tracing::instrument(skip_all)]
pub async fn refresh(
    platform: web::Data<Platform>,
    body: Json<RefreshRequest>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "refresh_ip", |l| l.refresh_per_ip).await?;
    if let Some(owner) = platform
        .auth
        .refresh_token_owner(&body.refresh_token)
        .await?
    {
        crate::limits::per_user(&platform, owner, "refresh_user", |l| l.refresh_per_user).await?;
    }
    let tokens = platform.auth.refresh(&body.refresh_token).await?;
    Ok(HttpResponse::Ok().json(tokens))
}
