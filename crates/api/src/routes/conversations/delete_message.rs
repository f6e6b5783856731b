use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::Platform;
use confab_domain::messages;
use confab_domain::write_tx;
use uuid::Uuid;

refusals![
    NotAuthor,
    NotFound = "no such message in your conversations",
    MissingPermission,
    InsufficientRank,
];

/// Delete your own message for everyone; it stays in history as a tombstone.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("message_id" = Uuid, Path, description = "the message"),
    ),
    responses(
        (status = NO_CONTENT, description = "deleted"),
        Refusals,
    )
)]
#[delete("/conversations/{id}/messages/{message_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn delete_message(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, message) = path.into_inner();
    write_tx!(platform, |c| messages::delete(
        c,
        who.0.user_id,
        conversation,
        message
    )
    .await);
    Ok(HttpResponse::NoContent().finish())
}
