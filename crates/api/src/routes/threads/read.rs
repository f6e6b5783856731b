use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use crate::routes::conversations::read::MarkRead;
use actix_web::{HttpResponse, post, web};
use confab_domain::messages;
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![NotFound = "not yours, or not a reply of this thread"];

/// Move your read marker in a thread forward (never back). Your devices get
/// `thread.member_updated`.
#[utoipa::path(
    tag = "threads",
    security(("bearer" = ["messages"])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("root_id" = Uuid, Path, description = "the thread's root message"),
    ),
    request_body = MarkRead,
    responses(
        (status = NO_CONTENT, description = "marked"),
        Refusals,
    )
)]
#[post("/conversations/{id}/threads/{root_id}/read")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn read(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<MarkRead>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, root) = path.into_inner();
    write_tx!(platform, |c| {
        messages::mark_thread_read(c, who.0.user_id, conversation, root, body.message_id()).await
    });
    Ok(HttpResponse::NoContent().finish())
}
