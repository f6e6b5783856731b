use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::groups;
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![NotFound = "no such invitation for you"];

/// Decline an invitation.
#[utoipa::path(
    operation_id = "decline_invite",
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the invitation")),
    responses(
        (status = NO_CONTENT, description = "declined"),
        Refusals,
    )
)]
#[post("/invites/{id}/decline")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn decline(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    write_tx!(platform, |c| groups::decline_invite(c, who.0.user_id, id)
        .await);
    Ok(HttpResponse::NoContent().finish())
}
