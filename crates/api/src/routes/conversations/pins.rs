use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::messages::{self, PinList};
use uuid::Uuid;

refusals![NotFound = "not yours"];

/// The pinned messages of a conversation, newest pin first.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the conversation")),
    responses(
        (status = OK, body = PinList),
        Refusals,
    )
)]
#[get("/conversations/{id}/pins")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn pins(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let pins = messages::pins(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(pins))
}
