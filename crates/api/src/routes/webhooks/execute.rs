use crate::error::ApiError;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::groups::webhooks;
use confab_domain::messages::{Message, MessageBody, MessageSender, Nonce, SendMessage};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct ExecuteWebhookRequest {
    /// The message: 1-4000 characters, not blank.
    #[schema(schema_with = confab_domain::messages::MessageBody::schema)]
    body: String,
    /// Client-chosen key: a retry with the same nonce returns the first message.
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::messages::Nonce>)]
    nonce: Option<String>,
}

refusals![
    InvalidMessageBody,
    InvalidNonce,
    MissingPermission = "the group's role for the integration lacks `send_messages`",
    NotFound = "no webhook has that id and secret, or it was removed from its group",
    TimedOut = "a moderator timed the integration out",
    Slowmode = "the group's slow mode, unless the integration's role has `bypass_slowmode`",
    RateLimited,
];

/// Post a message through an incoming webhook. The URL is the credential (no
/// token): the message is the integration's, in its group, with the same
/// rules, events and rate limit as anyone's.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("webhook_id" = Uuid, Path),
        ("token" = String, Path, description = "the URL's secret part"),
    ),
    request_body = ExecuteWebhookRequest,
    responses(
        (status = CREATED, body = Message),
        Refusals,
    )
)]
#[post("/hooks/{webhook_id}/{token}")]
#[tracing::instrument(skip_all, fields(webhook_id = %path.0))]
pub async fn execute_webhook(
    platform: web::Data<Platform>,
    sender: web::Data<MessageSender>,
    path: web::Path<(Uuid, String)>,
    body: Json<ExecuteWebhookRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "messages_ip", |l| l.messages_per_ip).await?;
    let (id, token) = path.into_inner();
    let (account, conversation) = {
        let mut conn = platform.conn().await?;
        webhooks::resolve_webhook(&mut conn, id, &token).await?
    };
    crate::limits::per_user(&platform, account, "messages_user", |l| l.messages_per_user).await?;
    let body = body.into_inner();
    let input = SendMessage {
        thread: None,
        body: MessageBody::parse(body.body)?,
        nonce: body.nonce.map(Nonce::parse).transpose()?,
        reply_to: None,
        attachments: Vec::new(),
    };
    let message: Message = sender.send(account, conversation, input).await?;
    Ok(HttpResponse::Created().json(message))
}
