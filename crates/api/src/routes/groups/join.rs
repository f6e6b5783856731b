use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::groups::{self, GroupDetails};
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![Banned, NotFound = "no such group, or a private one"];

/// Join a public group (joining one you are in changes nothing).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group")),
    responses(
        (status = OK, body = GroupDetails),
        Refusals,
    )
)]
#[post("/groups/{id}/join")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn join(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let group = write_tx!(platform, |c| groups::join(c, who.0.user_id, id).await);
    Ok(HttpResponse::Ok().json(group))
}
