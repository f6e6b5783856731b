use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, post, web};
use confab_domain::notifications;
use confab_domain::{Platform, write_tx};

/// Mark every notification read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = ["messages"])),
    responses((status = NO_CONTENT, description = "marked"))
)]
#[post("/notifications/read-all")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn read_all(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let me = who.0.user_id;
    write_tx!(platform, |c| notifications::mark_all_read(c, me).await);
    Ok(HttpResponse::NoContent().finish())
}
