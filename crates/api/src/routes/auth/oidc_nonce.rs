use crate::error::ApiError;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::oidc::NONCE_TTL_SECS;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct OidcNonce {
    /// Put it in the provider's authorization request (`nonce=`); the ID token
    /// must carry it. Usable once.
    pub nonce: String,
    /// Seconds it stays valid.
    pub expires_in: u64,
}

refusals![OidcDisabled, RateLimited];

/// A single-use nonce for signing in (or linking) with the external provider.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = CREATED, body = OidcNonce),
        Refusals,
    )
)]
#[post("/auth/oidc/nonce")]
#[tracing::instrument(skip_all)]
pub async fn oidc_nonce(
    platform: web::Data<Platform>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    platform.oidc.require_enabled()?;
    crate::limits::per_ip(&platform, &req, "login_ip", |l| l.login_per_ip).await?;
    let nonce = platform.oidc_nonces.issue().await?;
    Ok(HttpResponse::Created().json(OidcNonce {
        nonce,
        expires_in: NONCE_TTL_SECS,
    }))
}
