use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, patch, web};
use confab_domain::Platform;
use confab_domain::messages::{self, Message, MessageBody};
use confab_domain::write_tx;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct EditMessageBody {
    #[schema(schema_with = confab_domain::messages::MessageBody::schema)]
    body: String,
}

refusals![
    ..confab_domain::access::WRITE_REFUSALS,
    InvalidMessageBody,
    NotAuthor,
    NotFound = "no such (or deleted) message in your conversations",
];

/// Edit your own message.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("message_id" = Uuid, Path, description = "the message"),
    ),
    request_body = EditMessageBody,
    responses(
        (status = OK, body = Message),
        Refusals,
    )
)]
#[patch("/conversations/{id}/messages/{message_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn edit_message(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<EditMessageBody>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, message) = path.into_inner();
    let body = MessageBody::parse(body.into_inner().body)?;
    let edited = write_tx!(platform, |c| {
        messages::edit(c, who.0.user_id, conversation, message, body).await
    });
    Ok(HttpResponse::Ok().json(edited))
}
