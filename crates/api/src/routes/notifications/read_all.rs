use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::notifications;

/// Mark every notification read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = NO_CONTENT, description = "marked"))
)]
#[post("/notifications/read-all")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn read_all(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    notifications::mark_all_read(&mut conn, who.0.user_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
