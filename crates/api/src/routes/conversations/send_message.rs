use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::error::ErrorCode;
use confab_domain::messages::{Message, MessageBody, MessageSender, Nonce, SendMessage};
use confab_domain::{Error, Platform};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize)]
pub struct SendMessageBody {
    /// 1–4000 characters; may be empty (or left out) when there are attachments.
    body: Option<String>,
    /// Client-chosen key: a retry with the same nonce returns the first message.
    nonce: Option<String>,
    /// A message of this conversation to reply to.
    reply_to: Option<Uuid>,
    /// Reply in the thread of this message (one of the main timeline).
    thread_id: Option<Uuid>,
    /// Your own uploads (`POST /media`), at most 10, shown in this order.
    #[serde(default)]
    attachments: Vec<Uuid>,
}

impl utoipa::PartialSchema for SendMessageBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use crate::body::json_of;
        let max = confab_domain::media::MAX_ATTACHMENTS;
        let uuid = serde_json::json!({"type": "string", "format": "uuid"});
        let nullable = |mut schema: serde_json::Value| {
            schema["type"] = serde_json::json!([schema["type"].clone(), "null"]);
            schema
        };
        crate::body::schema(serde_json::json!({
            "type": "object",
            "description": "Text (1-4000 characters, not blank), or up to 10 attachments with an optional caption.",
            "properties": {
                "body": nullable(json_of(MessageBody::caption_schema())),
                "nonce": nullable(json_of(Nonce::schema())),
                "reply_to": nullable(uuid.clone()),
                "thread_id": nullable(uuid.clone()),
                "attachments": {"type": "array", "items": uuid, "maxItems": max},
            },
            crate::openapi::contract::ONE_OF: [
                {
                    "description": "text alone",
                    "required": ["body"],
                    "properties": {
                        "body": json_of(MessageBody::schema()),
                        "attachments": {"maxItems": 0},
                    },
                },
                {
                    "description": "attachments, with or without a caption",
                    "required": ["attachments"],
                    "properties": {"attachments": {"minItems": 1}},
                },
            ],
        }))
    }
}

impl ToSchema for SendMessageBody {}

refusals![
    ..confab_domain::access::WRITE_REFUSALS,
    InvalidMessageBody,
    InvalidNonce,
    InvalidReplyTo,
    InvalidThread,
    InvalidAttachments,
    NotYourUpload,
    NotFriends = "a DM after unfriending or blocking",
    MissingPermission = "a group role without `send_messages`, or `send_media` for attachments",
    NotFound = "not yours",
    Slowmode,
    RateLimited,
];

/// Send a message. One database call does the checks, the insert and the event;
/// concurrent sends share it.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
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
    body: Json<SendMessageBody>,
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
        thread: body.thread_id,
        attachments: body.attachments,
    };
    let message = sender.send(who.0.user_id, id.into_inner(), input).await?;
    Ok(HttpResponse::Created().json(message))
}
