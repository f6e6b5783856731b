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
    NotFound = "not a group of yours, or not a role of it",
    DefaultRole,
];

/// Delete a role ranked below yours (`manage_roles`); its holders go back to the
/// default role, which itself cannot be deleted.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group"), ("role_id" = Uuid, Path, description = "the role")),
    responses(
        (status = NO_CONTENT, description = "deleted"),
        Refusals,
    )
)]
#[delete("/groups/{id}/roles/{role_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn delete_role(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, role) = path.into_inner();
    write_tx!(platform, |c| groups::delete_role(
        c,
        who.0.user_id,
        id,
        role
    )
    .await);
    Ok(HttpResponse::NoContent().finish())
}
