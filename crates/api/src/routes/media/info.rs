use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::media::{self, Media};
use uuid::Uuid;

refusals![NotFound = "no such medium, or not visible to you"];

/// A medium's description (kind, type, size, dimensions, status, URLs).
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the medium")),
    responses(
        (status = OK, body = Media),
        Refusals,
    )
)]
#[get("/media/{id}/info")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn info(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let row = media::visible(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Media::from(&row)))
}
