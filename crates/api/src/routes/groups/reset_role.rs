use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::groups::{self, Member};
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![
    MissingPermission,
    InsufficientRank,
    NotFound = "not a group of yours, or not a member",
];

/// Take a member's role away: they go back to the default role (`manage_roles`).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group"), ("user_id" = Uuid, Path, description = "the member")),
    responses(
        (status = OK, body = Member),
        Refusals,
    )
)]
#[delete("/groups/{id}/members/{user_id}/role")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn reset_role(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, target) = path.into_inner();
    let member = write_tx!(platform, |c| groups::set_role(
        c,
        who.0.user_id,
        id,
        target,
        None
    )
    .await);
    Ok(HttpResponse::Ok().json(member))
}
