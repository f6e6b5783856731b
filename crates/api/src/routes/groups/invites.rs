use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::groups::{self, Invite};
use uuid::Uuid;

refusals![MissingPermission, NotFound = "not a group of yours"];

/// The group's pending invitations (`invite_members`).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the group")),
    responses(
        (status = OK, body = Items<Invite>),
        Refusals,
    )
)]
#[get("/groups/{id}/invites")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn invites(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let invites = groups::pending_invites(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Items::from(invites)))
}
