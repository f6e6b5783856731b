use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::friends;
use confab_domain::write_tx;
use uuid::Uuid;

refusals![NotFound = "no such request to you"];

/// Decline a friend request sent to you.
#[utoipa::path(
    operation_id = "decline_friend_request",
    tag = "friends",
    security(("bearer" = ["friends"])),
    params(("id" = Uuid, Path, description = "the request")),
    responses(
        (status = NO_CONTENT, description = "declined"),
        Refusals,
    )
)]
#[post("/friends/requests/{id}/decline")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn decline(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    write_tx!(platform, |c| friends::decline(c, who.0.user_id, id).await);
    Ok(HttpResponse::NoContent().finish())
}
