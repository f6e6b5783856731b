use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use crate::routes::auth::oidc::OidcLoginRequest;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;

refusals![
    InvalidIdToken =
        "signature, issuer, audience, expiry, key, or a missing, unknown or spent nonce",
    OidcDisabled,
    IdentityTaken,
];

/// Link the external provider's account in the ID token to this account, so
/// signing in with it lands here. The token must carry a nonce from
/// `POST /auth/oidc/nonce`.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = OidcLoginRequest,
    responses(
        (status = NO_CONTENT, description = "linked (or already linked to you)"),
        Refusals,
    )
)]
#[post("/users/me/identities")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn link_identity(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<OidcLoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let claims = platform.oidc.verify(&body.id_token).await?;
    platform.oidc_nonces.spend(&claims).await?;
    platform.auth.link_external(&who.0, &claims).await?;
    tracing::info!(issuer = %claims.iss, "external identity linked");
    Ok(HttpResponse::NoContent().finish())
}
