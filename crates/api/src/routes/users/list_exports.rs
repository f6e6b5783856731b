use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::exports::DataExport;

refusals![];

/// The caller's recent data exports, newest first.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = Vec<DataExport>),
        Refusals,
    )
)]
#[get("/users/me/exports")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list_exports(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    Ok(HttpResponse::Ok().json(confab_domain::exports::list(&mut conn, who.0.user_id).await?))
}
