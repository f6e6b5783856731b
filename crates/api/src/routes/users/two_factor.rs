use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::auth::TwoFactorStatus;

refusals![];

/// Which second factors the caller's account has.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = TwoFactorStatus),
        Refusals,
    )
)]
#[get("/users/me/two-factor")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn two_factor(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(platform.auth.two_factor_status(&who.0).await?))
}
