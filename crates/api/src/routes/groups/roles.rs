use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::groups::{self, Role};
use uuid::Uuid;

refusals![NotFound = "no such group, or a private one you are not in"];

/// The group's roles, highest priority first.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the group")),
    responses(
        (status = OK, body = Items<Role>),
        Refusals,
    )
)]
#[get("/groups/{id}/roles")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn roles(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let roles = groups::roles(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Items::from(roles)))
}
