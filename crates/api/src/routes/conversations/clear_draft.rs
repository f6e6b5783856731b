use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::drafts;
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![NotFound = "not a conversation of yours", RateLimited];

/// Clear the draft (after sending it, say); answers 204 whether or not there
/// was one. Your other tabs and devices get `draft.updated` with empty text.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(("id" = Uuid, Path, description = "the conversation")),
    responses(
        (status = NO_CONTENT, description = "cleared"),
        Refusals,
    )
)]
#[delete("/conversations/{id}/draft")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn clear_draft(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let me = who.0.user_id;
    crate::limits::per_user(&platform, me, "drafts", |l| l.drafts_per_user).await?;
    let conversation = id.into_inner();
    write_tx!(platform, |c| drafts::clear(c, me, conversation).await);
    Ok(HttpResponse::NoContent().finish())
}
