use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::TotpSetup;

refusals![TotpAlreadyEnabled];

/// Start setting up one-time codes: a new secret, its otpauth URL and QR
/// code. Nothing is required at login until `.../totp/enable` gets a correct
/// code.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = CREATED, body = TotpSetup),
        Refusals,
    )
)]
#[post("/users/me/two-factor/totp/setup")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn totp_setup(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(platform.auth.setup_totp(&who.0).await?))
}
