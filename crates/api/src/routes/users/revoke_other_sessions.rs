use crate::error::ApiError;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, delete, web};
use confab_domain::Platform;

refusals![];

/// End every login of the caller but this one; their sockets close at once.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = NO_CONTENT, description = "ended"),
        Refusals,
    )
)]
#[delete("/users/me/sessions")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn revoke_other_sessions(
    platform: web::Data<Platform>,
    who: Authenticated,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    platform
        .auth
        .revoke_other_sessions(&who.0, &origin(&req, &platform))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
