use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, put, web};
use confab_domain::drafts::{self, Draft};
use confab_domain::messages::MessageBody;
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct SaveDraftBody {
    /// As typed, up to 4000 characters; empty (with no `reply_to`) clears the draft.
    #[schema(schema_with = MessageBody::caption_schema)]
    body: String,
    /// A message of this conversation the draft replies to.
    reply_to: Option<Uuid>,
}

refusals![
    InvalidMessageBody,
    InvalidReplyTo,
    NotFound = "not a conversation of yours",
    RateLimited,
];

/// Save the composer's unsent text for this conversation. Your other tabs and
/// devices get `draft.updated`; the last save wins.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(("id" = Uuid, Path, description = "the conversation")),
    request_body = SaveDraftBody,
    responses(
        (status = OK, body = Draft),
        Refusals,
    )
)]
#[put("/conversations/{id}/draft")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn save_draft(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<SaveDraftBody>,
) -> Result<HttpResponse, ApiError> {
    let me = who.0.user_id;
    crate::limits::per_user(&platform, me, "drafts", |l| l.drafts_per_user).await?;
    let body = body.into_inner();
    let text = MessageBody::caption(body.body)?;
    let conversation = id.into_inner();
    let saved = write_tx!(platform, |c| {
        drafts::save(c, me, conversation, text, body.reply_to).await
    });
    Ok(HttpResponse::Ok().json(saved))
}
