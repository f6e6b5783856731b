use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::access::Permissions;
use confab_domain::groups::{self, Colour, NewRole, Priority, Role, RoleName};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct CreateRoleBody {
    /// 1–32 characters.
    #[schema(schema_with = confab_domain::groups::RoleName::schema)]
    name: String,
    /// -1000 to 1000, below your own role's.
    #[schema(minimum = -1000, maximum = 1000)]
    #[serde(deserialize_with = "crate::body::integer")]
    priority: i64,
    /// Only permissions you hold yourself.
    permissions: Permissions,
    /// `#rrggbb`.
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::groups::Colour>)]
    colour: Option<String>,
}

refusals![
    InvalidRoleName,
    InvalidPriority,
    InvalidColour,
    InvalidBody = "an unknown permission",
    MissingPermission,
    InsufficientRank,
    NotFound = "not a group of yours",
];

/// Create a role ranked below yours (`manage_roles`).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group")),
    request_body = CreateRoleBody,
    responses(
        (status = CREATED, body = Role),
        Refusals,
    )
)]
#[post("/groups/{id}/roles")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn create_role(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<CreateRoleBody>,
) -> Result<HttpResponse, ApiError> {
    let new = NewRole {
        name: RoleName::parse(&body.name)?,
        colour: body.colour.as_deref().map(Colour::parse).transpose()?,
        priority: Priority::parse(body.priority)?,
        permissions: body.permissions,
    };
    let id = id.into_inner();
    let role = write_tx!(platform, |c| groups::create_role(c, who.0.user_id, id, new)
        .await);
    Ok(HttpResponse::Created().json(role))
}
