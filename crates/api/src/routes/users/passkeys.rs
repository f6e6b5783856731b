use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::auth::passkeys::PasskeyInfo;

refusals![];

/// The caller's passkeys, oldest first.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = Vec<PasskeyInfo>),
        Refusals,
    )
)]
#[get("/users/me/passkeys")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn passkeys(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(platform.auth.list_passkeys(&who.0).await?))
}
