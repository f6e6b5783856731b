use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use crate::routes::conversations::history::HistoryQuery;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::messages::{self, MessagePage, Timeline};
use uuid::Uuid;

refusals![
    InvalidQuery,
    InvalidLimit,
    NotFound = "not yours, or not a message of the main timeline"
];

/// A thread's replies, paged by cursor like the main history (`around` names
/// a reply).
#[utoipa::path(
    tag = "threads",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("root_id" = Uuid, Path, description = "the thread's root message"),
        HistoryQuery,
    ),
    responses(
        (status = OK, body = MessagePage),
        Refusals,
    )
)]
#[get("/conversations/{id}/threads/{root_id}/messages")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn replies(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    query: web::Query<HistoryQuery>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, root) = path.into_inner();
    let cursor = query.cursor()?;
    let mut conn = platform.read_conn(who.0.user_id).await?;
    let page = messages::history(
        &mut conn,
        who.0.user_id,
        conversation,
        Timeline::Thread(root),
        cursor,
        query.limit,
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
