use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, put, web};
use confab_domain::error::ErrorCode;
use confab_domain::groups::{self, Priority, Role};
use confab_domain::{Error, Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct RolePriority {
    role_id: Uuid,
    #[schema(minimum = -1000, maximum = 1000)]
    #[serde(deserialize_with = "crate::body::integer")]
    priority: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct ReorderBody {
    /// The roles to move and their new priorities (1–100 of them).
    #[schema(min_items = 1, max_items = 100)]
    items: Vec<RolePriority>,
}

refusals![
    InvalidPriority,
    InvalidBody,
    MissingPermission,
    InsufficientRank,
    NotFound = "not a group of yours, or not a role of it",
];

/// Give several roles new priorities at once; each must be below yours before
/// and after (`manage_roles`).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group")),
    request_body = ReorderBody,
    responses(
        (status = OK, body = Items<Role>, description = "every role of the group, in the new order"),
        Refusals,
    )
)]
#[put("/groups/{id}/roles/priorities")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn reorder_roles(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<ReorderBody>,
) -> Result<HttpResponse, ApiError> {
    if !(1..=100).contains(&body.items.len()) {
        return Err(Error::new(ErrorCode::InvalidBody, "give 1 to 100 roles").into());
    }
    let order = body
        .items
        .iter()
        .map(|r| Ok((r.role_id, Priority::parse(r.priority)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let id = id.into_inner();
    let roles = write_tx!(platform, |c| groups::reorder_roles(
        c,
        who.0.user_id,
        id,
        order
    )
    .await);
    Ok(HttpResponse::Ok().json(Items::from(roles)))
}
