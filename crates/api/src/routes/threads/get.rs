use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::messages::{self, Thread};
use uuid::Uuid;

refusals![NotFound = "not yours, or not a message of the main timeline"];

/// One thread: its root (with the summary once it has replies) and your part
/// in it. Any message of the main timeline is a thread of no replies yet.
#[utoipa::path(
    tag = "threads",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("root_id" = Uuid, Path, description = "the thread's root message"),
    ),
    responses(
        (status = OK, body = Thread),
        Refusals,
    )
)]
#[get("/conversations/{id}/threads/{root_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn get(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, root) = path.into_inner();
    let mut conn = platform.conn().await?;
    let thread = messages::thread(&mut conn, who.0.user_id, conversation, root).await?;
    Ok(HttpResponse::Ok().json(thread))
}
