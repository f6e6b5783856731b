use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, put, web};
use confab_domain::groups::{self, GroupDetails};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct NewOwnerBody {
    /// A member of the group.
    user_id: Uuid,
}

refusals![OwnerOnly, NotAMember, NotFound = "not a group of yours"];

/// Hand the group to another member (owner only).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group")),
    request_body = NewOwnerBody,
    responses(
        (status = OK, body = GroupDetails),
        Refusals,
    )
)]
#[put("/groups/{id}/owner")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn transfer(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<NewOwnerBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, to) = (id.into_inner(), body.user_id);
    let group = write_tx!(platform, |c| groups::transfer_ownership(
        c,
        who.0.user_id,
        id,
        to
    )
    .await);
    Ok(HttpResponse::Ok().json(group))
}
