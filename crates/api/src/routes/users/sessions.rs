use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::auth::sessions::SessionInfo;

refusals![];

/// The caller's live logins, newest first; `current` marks this one.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = Vec<SessionInfo>),
        Refusals,
    )
)]
#[get("/users/me/sessions")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn sessions(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(platform.auth.list_sessions(&who.0).await?))
}
