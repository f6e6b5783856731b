use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::Platform;
use confab_domain::friends;
use confab_domain::write_tx;
use uuid::Uuid;

refusals![NotFound = "not a friend"];

/// Unfriend someone.
#[utoipa::path(
    tag = "friends",
    security(("bearer" = ["friends"])),
    params(("user_id" = Uuid, Path, description = "the friend")),
    responses(
        (status = NO_CONTENT, description = "no longer friends"),
        Refusals,
    )
)]
#[delete("/friends/{user_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn remove(
    platform: web::Data<Platform>,
    who: Authenticated,
    user_id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let other = user_id.into_inner();
    write_tx!(platform, |c| friends::unfriend(c, who.0.user_id, other)
        .await);
    Ok(HttpResponse::NoContent().finish())
}
