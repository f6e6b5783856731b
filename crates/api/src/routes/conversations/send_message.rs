use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::error::ErrorCode;
use confab_domain::messages::{Message, MessageBody, MessageSender, Nonce, SendMessage};
use confab_domain::{Error, Platform};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct SendMessageBody {
    /// 1–4000 characters; may be empty (or left out) when there are attachments.
    body: Option<String>,
    /// Client-chosen key: a retry with the same nonce returns the first message.
    nonce: Option<String>,
    /// A message of this conversation to reply to.
    reply_to: Option<Uuid>,
    /// Your own uploads (`POST /media`), at most 10, shown in this order.
    #[serde(default)]
    attachments: Vec<Uuid>,
}

refusals![
    ..confab_domain::access::WRITE_REFUSALS,
    InvalidMessageBody,
    InvalidNonce,
    InvalidReplyTo,
    InvalidAttachments,
    NotFriends = "a DM after unfriending or blocking",
    MissingPermission = "a group role without `send_messages`, or `send_media` for attachments",
    NotFound = "not yours",
    RateLimited,
];

/// Send a message. One database call does the checks, the insert and the event;
/// concurrent sends share it.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the conversation")),
    request_body = SendMessageBody,
    responses(
        (status = CREATED, body = Message),
        Refusals,
    )
)]
#[post("/conversations/{id}/messages")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn send_message(
    sender: web::Data<MessageSender>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<SendMessageBody>,
    platform: web::Data<Platform>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_user(&platform, who.0.user_id, "messages_user", |l| {
        l.messages_per_user
    })
    .await?;
    crate::limits::per_ip(&platform, &req, "messages_ip", |l| l.messages_per_ip).await?;
    let body = body.into_inner();
    let input = SendMessage {
        body: match (body.body, body.attachments.is_empty()) {
            (Some(text), true) => MessageBody::parse(text)?,
            (text, false) => MessageBody::caption(text.unwrap_or_default())?,
            (None, true) => {
                return Err(Error::new(
                    ErrorCode::InvalidBody,
                    "a message needs a body or attachments",
                )
                .into());
            }
        },
        nonce: body.nonce.map(Nonce::parse).transpose()?,
        reply_to: body.reply_to,
        attachments: body.attachments,
    };
    let message = sender.send(who.0.user_id, id.into_inner(), input).await?;
    Ok(HttpResponse::Created().json(message))
}
