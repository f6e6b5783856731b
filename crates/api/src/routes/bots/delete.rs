use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::Platform;
use uuid::Uuid;

refusals![NotFound = "no bot of yours has that id"];

/// Delete one of your bots: it leaves its groups and friendships, and its
/// tokens end (their sockets close at once).
#[utoipa::path(
    tag = "bots",
    security(("bearer" = ["login"])),
    params(("bot_id" = Uuid, Path)),
    responses(
        (status = NO_CONTENT, description = "deleted"),
        Refusals,
    )
)]
#[delete("/bots/{bot_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn delete_bot(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    platform.auth.delete_bot(&who.0, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
