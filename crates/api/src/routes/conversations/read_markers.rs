use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::messages::{self, ReadMarker};
use uuid::Uuid;

refusals![NotFound = "not yours"];

/// Every member's read marker: a message is "seen by" the members whose marker
/// is at or after it. `conversation.read` events keep it current.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the conversation")),
    responses(
        (status = OK, body = Items<ReadMarker>),
        Refusals,
    )
)]
#[get("/conversations/{id}/reads")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn read_markers(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let markers = messages::read_markers(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Items::from(markers)))
}
