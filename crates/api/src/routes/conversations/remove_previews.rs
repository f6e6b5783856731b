use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::messages::{Message, previews};
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![
    ..confab_domain::access::WRITE_REFUSALS,
    NotAuthor,
    NotFound = "not your conversation, or no such message",
];

/// Remove your message's link previews, for everyone (`message.updated`).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("message_id" = Uuid, Path, description = "the message"),
    ),
    responses(
        (status = OK, body = Message),
        Refusals,
    )
)]
#[delete("/conversations/{id}/messages/{message_id}/previews")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn remove_previews(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, message) = path.into_inner();
    let me = who.0.user_id;
    let updated = write_tx!(platform, |c| previews::remove(c, me, conversation, message)
        .await);
    Ok(HttpResponse::Ok().json(updated))
}
