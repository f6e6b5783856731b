use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::messages;
use confab_domain::write_tx;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct MarkRead {
    /// The newest message you have read.
    message_id: Uuid,
}

impl MarkRead {
    pub fn message_id(&self) -> Uuid {
        self.message_id
    }
}

refusals![NotFound = "no such conversation or message"];

/// Move your read marker in the main timeline forward (never back). Members
/// get `conversation.read`. A thread's replies are read with
/// `POST .../threads/{root_id}/read`.
#[utoipa::path(
    operation_id = "mark_read",
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(("id" = Uuid, Path, description = "the conversation")),
    request_body = MarkRead,
    responses(
        (status = NO_CONTENT, description = "marked"),
        Refusals,
    )
)]
#[post("/conversations/{id}/read")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn read(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<MarkRead>,
) -> Result<HttpResponse, ApiError> {
    let conversation = id.into_inner();
    write_tx!(platform, |c| {
        messages::mark_read(c, who.0.user_id, conversation, body.message_id).await
    });
    Ok(HttpResponse::NoContent().finish())
}
