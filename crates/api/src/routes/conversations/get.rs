use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::conversations::{self, Conversation};
use uuid::Uuid;

refusals![NotFound = "not yours"];

/// One of your conversations.
#[utoipa::path(
    operation_id = "get_conversation",
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the conversation")),
    responses(
        (status = OK, body = Conversation),
        Refusals,
    )
)]
#[get("/conversations/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn get(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let conversation = conversations::get(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(conversation))
}
