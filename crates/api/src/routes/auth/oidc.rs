use super::AuthResponse;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::origin;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::users::CurrentUser;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct OidcLoginRequest {
    /// An ID token (RS256) from the configured OpenID Connect provider, whose
    /// `nonce` claim is one issued by `POST /auth/oidc/nonce`.
    pub id_token: String,
}

refusals![
    AccountDisabled,
    InvalidIdToken =
        "signature, algorithm, issuer, audience, expiry, key, or a missing, unknown or spent nonce",
    OidcDisabled,
    RateLimited,
];

/// Log in with an external provider's ID token. The first valid token of a
/// person links them to the local user whose email both the provider and we
/// have verified, or creates a user; later ones log that user in. Each token
/// must carry a fresh nonce (`POST /auth/oidc/nonce`) and works once.
#[utoipa::path(
    tag = "auth",
    request_body = OidcLoginRequest,
    responses(
        (status = OK, body = AuthResponse),
        Refusals,
    )
)]
#[post("/auth/oidc")]
#[tracing::instrument(skip_all)]
pub async fn oidc(
    platform: web::Data<Platform>,
    body: Json<OidcLoginRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "login_ip", |l| l.login_per_ip).await?;
    let claims = platform.oidc.verify(&body.id_token).await?;
    platform.oidc_nonces.spend(&claims).await?;
    let (user, tokens) = platform
        .auth
        .login_external(&claims, &origin(&req, &platform))
        .await?;
    tracing::info!(user_id = %user.id, issuer = %claims.iss, "logged in through the identity provider");
    Ok(HttpResponse::Ok().json(AuthResponse {
        user: CurrentUser::from(&user),
        tokens,
    }))
}
