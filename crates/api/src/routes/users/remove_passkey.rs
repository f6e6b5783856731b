use crate::error::ApiError;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, delete, web};
use confab_domain::Platform;
use uuid::Uuid;

refusals![NotFound];

/// Remove one of the caller's passkeys: it no longer logs in.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("passkey_id" = Uuid, Path)),
    responses(
        (status = NO_CONTENT, description = "removed"),
        Refusals,
    )
)]
#[delete("/users/me/passkeys/{passkey_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn remove_passkey(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    platform
        .auth
        .remove_passkey(&who.0, path.into_inner(), &origin(&req, &platform))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
