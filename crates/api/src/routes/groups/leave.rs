use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::groups;
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![NotFound = "not a group of yours", OwnerCannotLeave];

/// Leave a group. The owner must transfer ownership (or delete the group) first.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group")),
    responses(
        (status = NO_CONTENT, description = "left"),
        Refusals,
    )
)]
#[post("/groups/{id}/leave")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn leave(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    write_tx!(platform, |c| groups::leave(c, who.0.user_id, id).await);
    Ok(HttpResponse::NoContent().finish())
}
