use crate::error::ApiError;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, delete, web};
use confab_domain::Platform;
use uuid::Uuid;

refusals![NotFound];

/// End one of the caller's logins (this one too, like logging out): its
/// tokens stop working and its sockets close at once.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("session_id" = Uuid, Path)),
    responses(
        (status = NO_CONTENT, description = "ended"),
        Refusals,
    )
)]
#[delete("/users/me/sessions/{session_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn revoke_session(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    platform
        .auth
        .revoke_session(&who.0, path.into_inner(), &origin(&req, &platform))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
