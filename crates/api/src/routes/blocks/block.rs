use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, put, web};
use confab_domain::Platform;
use confab_domain::friends;
use confab_domain::write_tx;
use uuid::Uuid;

refusals![CannotBlockSelf, NotFound = "no such user"];

/// Block a user: ends any friendship and pending requests between you.
#[utoipa::path(
    tag = "friends",
    security(("bearer" = ["friends"])),
    params(("user_id" = Uuid, Path, description = "the user to block")),
    responses(
        (status = NO_CONTENT, description = "blocked"),
        Refusals,
    )
)]
#[put("/blocks/{user_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn block(
    platform: web::Data<Platform>,
    who: Authenticated,
    user_id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let other = user_id.into_inner();
    write_tx!(platform, |c| friends::block(c, who.0.user_id, other).await);
    Ok(HttpResponse::NoContent().finish())
}
