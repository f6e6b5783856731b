use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::passkeys::PasskeyCeremony;

refusals![PasskeysDisabled, TooManyPasskeys];

/// Start adding a passkey: pass `options` to `navigator.credentials.create()`,
/// then send its answer to `POST /users/me/passkeys`.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = CREATED, body = PasskeyCeremony),
        Refusals,
    )
)]
#[post("/users/me/passkeys/registration")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn passkey_registration(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(platform.auth.start_passkey_registration(&who.0).await?))
}
