use super::AuthResponse;
use crate::error::ApiError;
use crate::extract::user_agent;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::users::CurrentUser;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct OidcLoginRequest {
    /// An ID token (RS256) from the configured OpenID Connect provider.
    id_token: String,
}

/// Log in with an external provider's ID token. The first valid token of a
/// person links them to the local user with the same verified email, or
/// creates one; later ones log that user in.
#[utoipa::path(
    tag = "auth",
    request_body = OidcLoginRequest,
    responses(
        (status = OK, body = AuthResponse),
        (status = UNAUTHORIZED, body = confab_web::envelope::ErrorBody, description = "`invalid_id_token` (signature, algorithm, issuer, audience, expiry or key)"),
        (status = FORBIDDEN, body = confab_web::envelope::ErrorBody, description = "`oidc_disabled`"),
        (status = TOO_MANY_REQUESTS, body = confab_web::envelope::ErrorBody, description = "`rate_limited`; see `Retry-After`"),
    )
)]
#[post("/auth/oidc")]
#[tracing::instrument(skip_all)]
pub async fn oidc(
    platform: web::Data<Platform>,
    body: web::Json<OidcLoginRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "login_ip", |l| l.login_per_ip).await?;
    let claims = platform.oidc.verify(&body.id_token).await?;
    let (user, tokens) = platform
        .auth
        .login_external(&claims, user_agent(&req))
        .await?;
    tracing::info!(user_id = %user.id, issuer = %claims.iss, "logged in through the identity provider");
    Ok(HttpResponse::Ok().json(AuthResponse {
        user: CurrentUser::from(&user),
        tokens,
    }))
}
