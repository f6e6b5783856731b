use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::groups;
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![
    MissingPermission,
    InsufficientRank,
    NotFound = "not a group of yours, or not a member",
];

/// Kick a member ranked below you (`kick_members`). They may rejoin a public group.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group"), ("user_id" = Uuid, Path, description = "the member")),
    responses(
        (status = NO_CONTENT, description = "kicked"),
        Refusals,
    )
)]
#[delete("/groups/{id}/members/{user_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn kick(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, target) = path.into_inner();
    write_tx!(platform, |c| groups::kick(c, who.0.user_id, id, target)
        .await);
    Ok(HttpResponse::NoContent().finish())
}
