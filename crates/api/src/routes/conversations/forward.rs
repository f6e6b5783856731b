use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::messages::{self, Message};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct ForwardBody {
    /// The conversation (a DM or a group you may post in) to forward it to.
    to: Uuid,
}

refusals![
    ..confab_domain::access::WRITE_REFUSALS,
    NotFound = "the message or either conversation is not yours",
    MissingPermission =
        "a group role without `send_messages`, or `send_media` for a message with attachments",
    RateLimited,
];

/// Forward a message (its text and attachments, without re-uploading) to
/// another conversation: the copy is yours, marked forwarded, and links to
/// the original for readers who can see it.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(
        ("id" = Uuid, Path, description = "the original's conversation"),
        ("message_id" = Uuid, Path, description = "the message to forward"),
    ),
    request_body = ForwardBody,
    responses(
        (status = CREATED, body = Message),
        Refusals,
    )
)]
#[post("/conversations/{id}/messages/{message_id}/forward")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn forward(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<ForwardBody>,
) -> Result<HttpResponse, ApiError> {
    let me = who.0.user_id;
    crate::limits::per_user(&platform, me, "messages_user", |l| l.messages_per_user).await?;
    let (from, id) = path.into_inner();
    let to = body.to;
    let copy = write_tx!(platform, |c| messages::forward(c, me, from, id, to).await);
    Ok(HttpResponse::Created().json(copy))
}
