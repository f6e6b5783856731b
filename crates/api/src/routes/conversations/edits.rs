use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::messages::{self, EditHistory};
use uuid::Uuid;

refusals![NotFound = "not your conversation, or no such message (deleted ones have no history)"];

/// What an edited message said before, oldest first (the conversation's
/// members only). Empty for a message never edited.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("message_id" = Uuid, Path, description = "the message"),
    ),
    responses(
        (status = OK, body = EditHistory),
        Refusals,
    )
)]
#[get("/conversations/{id}/messages/{message_id}/edits")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn edits(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, message) = path.into_inner();
    let mut conn = platform.conn().await?;
    let history = messages::edit_history(&mut conn, who.0.user_id, conversation, message).await?;
    Ok(HttpResponse::Ok().json(history))
}
