use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::Platform;
use confab_domain::friends;
use confab_domain::write_tx;
use uuid::Uuid;

refusals![NotFound = "no such request from you"];

/// Cancel a friend request you sent.
#[utoipa::path(
    tag = "friends",
    security(("bearer" = ["friends"])),
    params(("id" = Uuid, Path, description = "the request")),
    responses(
        (status = NO_CONTENT, description = "cancelled"),
        Refusals,
    )
)]
#[delete("/friends/requests/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn cancel(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    write_tx!(platform, |c| friends::cancel(c, who.0.user_id, id).await);
    Ok(HttpResponse::NoContent().finish())
}
