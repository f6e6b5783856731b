use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::groups::{self, GroupDetails};
use uuid::Uuid;

refusals![NotFound = "no such group, or a private one you are not in"];

/// A group with its roles and your membership. Public groups are visible to
/// everyone; a private group only to its members.
#[utoipa::path(
    operation_id = "get_group",
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the group")),
    responses(
        (status = OK, body = GroupDetails),
        Refusals,
    )
)]
#[get("/groups/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn get(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let group = groups::get(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(group))
}
