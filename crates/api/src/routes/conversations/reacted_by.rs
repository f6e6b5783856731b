use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::messages::{self, Emoji, ReactedBy};
use uuid::Uuid;

refusals![InvalidEmoji, NotFound = "not your conversation"];

/// Who reacted to a message with this emoji, earliest first (at most 100).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("message_id" = Uuid, Path, description = "the message"),
        ("emoji" = String, Path, description = "one emoji, percent-encoded"),
    ),
    responses(
        (status = OK, body = ReactedBy),
        Refusals,
    )
)]
#[get("/conversations/{id}/messages/{message_id}/reactions/{emoji}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn reacted_by(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, message, emoji) = path.into_inner();
    let emoji = Emoji::parse(&emoji)?;
    let mut conn = platform.conn().await?;
    let users =
        messages::reacted_by(&mut conn, who.0.user_id, conversation, message, &emoji).await?;
    Ok(HttpResponse::Ok().json(users))
}
