use crate::error::ApiError;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, delete, web};
use confab_domain::Platform;
use uuid::Uuid;

refusals![NotFound = "no live token of yours has that id"];

/// Revoke a personal access token: its calls are refused and its sockets
/// close at once.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    params(("token_id" = Uuid, Path)),
    responses(
        (status = NO_CONTENT, description = "revoked"),
        Refusals,
    )
)]
#[delete("/users/me/tokens/{token_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn revoke_token(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    platform
        .auth
        .revoke_token(&who.0, path.into_inner(), &origin(&req, &platform))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
