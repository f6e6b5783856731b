use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, delete, web};
use confab_domain::Platform;
use confab_domain::friends;
use confab_domain::write_tx;
use uuid::Uuid;

/// Unblock a user.
#[utoipa::path(
    tag = "friends",
    security(("bearer" = ["friends"])),
    params(("user_id" = Uuid, Path, description = "the user to unblock")),
    responses((status = NO_CONTENT, description = "unblocked"))
)]
#[delete("/blocks/{user_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn unblock(
    platform: web::Data<Platform>,
    who: Authenticated,
    user_id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let other = user_id.into_inner();
    write_tx!(platform, |c| friends::unblock(c, who.0.user_id, other)
        .await);
    Ok(HttpResponse::NoContent().finish())
}
