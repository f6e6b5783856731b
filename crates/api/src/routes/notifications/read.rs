use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::notifications;
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![NotFound];

/// Mark one notification read.
#[utoipa::path(
    operation_id = "read_notification",
    tag = "notifications",
    security(("bearer" = ["messages"])),
    params(("id" = Uuid, Path, description = "the notification")),
    responses(
        (status = NO_CONTENT, description = "marked"),
        Refusals,
    )
)]
#[post("/notifications/{id}/read")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn read(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (me, id) = (who.0.user_id, id.into_inner());
    write_tx!(platform, |c| notifications::mark_read(c, me, id).await);
    Ok(HttpResponse::NoContent().finish())
}
