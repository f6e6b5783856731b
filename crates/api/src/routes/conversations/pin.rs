use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, put, web};
use confab_domain::Platform;
use confab_domain::messages::{self, Message};
use confab_domain::write_tx;
use uuid::Uuid;

refusals![
    ..confab_domain::access::WRITE_REFUSALS,
    TooManyPins = "50 per conversation",
    NotPinnable = "a system message",
    MissingPermission,
    NotFound = "no such message in your conversations",
];

/// Pin a message (in a DM either person may; in a group, `pin_messages`).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("message_id" = Uuid, Path, description = "the message"),
    ),
    responses(
        (status = OK, body = Message, description = "the message, pinned"),
        Refusals,
    )
)]
#[put("/conversations/{id}/pins/{message_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn pin(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, message) = path.into_inner();
    let pinned = write_tx!(platform, |c| {
        messages::pin(c, who.0.user_id, conversation, message).await
    });
    Ok(HttpResponse::Ok().json(pinned))
}
