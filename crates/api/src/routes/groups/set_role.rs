use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, put, web};
use confab_domain::groups::{self, Member};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct SetRoleBody {
    /// A role of this group ranked below yours.
    role_id: Uuid,
}

refusals![
    MissingPermission,
    InsufficientRank,
    NotFound = "not a group of yours, not a member, or not a role of this group",
];

/// Give a member ranked below you a role ranked below yours (`manage_roles`).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group"), ("user_id" = Uuid, Path, description = "the member")),
    request_body = SetRoleBody,
    responses(
        (status = OK, body = Member),
        Refusals,
    )
)]
#[put("/groups/{id}/members/{user_id}/role")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn set_role(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<SetRoleBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, target) = path.into_inner();
    let role = Some(body.role_id);
    let member = write_tx!(platform, |c| groups::set_role(
        c,
        who.0.user_id,
        id,
        target,
        role
    )
    .await);
    Ok(HttpResponse::Ok().json(member))
}
