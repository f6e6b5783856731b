use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::notifications;
use uuid::Uuid;

/// Mark one notification read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the notification")),
    responses(
        (status = NO_CONTENT, description = "marked"),
        (status = NOT_FOUND, body = confab_web::envelope::ErrorBody),
    )
)]
#[post("/notifications/{id}/read")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn read(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    notifications::mark_read(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
