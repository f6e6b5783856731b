use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::auth::RecoveryCodesStatus;

refusals![];

/// How many of the caller's recovery codes are left (never the codes).
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = RecoveryCodesStatus),
        Refusals,
    )
)]
#[get("/users/me/recovery-codes")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn recovery_codes(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(platform.auth.recovery_codes_status(&who.0).await?))
}
