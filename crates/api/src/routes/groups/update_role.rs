use crate::body::{empty_is_none, present};
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, patch, web};
use confab_domain::access::Permissions;
use confab_domain::groups::{self, Colour, Priority, Role, RoleChanges, RoleName};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Fields left out stay as they are; `colour: null` removes the colour.
#[derive(Deserialize, ToSchema)]
pub struct RolePatch {
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::groups::RoleName>)]
    name: Option<String>,
    #[schema(minimum = -1000, maximum = 1000)]
    #[serde(default, deserialize_with = "crate::body::optional_integer")]
    priority: Option<i64>,
    permissions: Option<Permissions>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = confab_domain::text::clearable::<confab_domain::groups::Colour>)]
    colour: Option<Option<String>>,
}

refusals![
    InvalidRoleName,
    InvalidPriority,
    InvalidColour,
    MissingPermission,
    InsufficientRank,
    NotFound = "not a group of yours, or not a role of it",
];

/// Edit a role ranked below yours (`manage_roles`); it must stay below yours.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group"), ("role_id" = Uuid, Path, description = "the role")),
    request_body = RolePatch,
    responses(
        (status = OK, body = Role),
        Refusals,
    )
)]
#[patch("/groups/{id}/roles/{role_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn update_role(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<RolePatch>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let changes = RoleChanges {
        name: body.name.as_deref().map(RoleName::parse).transpose()?,
        colour: body
            .colour
            .map(|c| empty_is_none(c).as_deref().map(Colour::parse).transpose())
            .transpose()?,
        priority: body.priority.map(Priority::parse).transpose()?,
        permissions: body.permissions,
    };
    let (id, role) = path.into_inner();
    let role = write_tx!(platform, |c| groups::update_role(
        c,
        who.0.user_id,
        id,
        role,
        changes
    )
    .await);
    Ok(HttpResponse::Ok().json(role))
}
