use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::groups;
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![OwnerOnly, NotFound = "not a group of yours"];

/// Delete the group and its history, for everyone (owner only).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group")),
    responses(
        (status = NO_CONTENT, description = "deleted"),
        Refusals,
    )
)]
#[delete("/groups/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn delete(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    write_tx!(platform, |c| groups::delete(c, who.0.user_id, id).await);
    Ok(HttpResponse::NoContent().finish())
}
