use super::refresh::RefreshRequest;
use crate::error::ApiError;
use crate::extract::Json;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;

/// End the login that the refresh token belongs to. Works with an expired access
/// token, and twice.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = NO_CONTENT, description = "logged out"))
)]
#[post("/auth/logout")]
#[tracing::instrument(skip_all)]
pub async fn logout(
    platform: web::Data<Platform>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    platform.auth.logout(&body.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}
