use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::messages::{self, ThreadPage};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct ThreadsQuery {
    /// Threads whose last reply is older than this one (a page's `next_before`).
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![InvalidLimit, NotFound = "not yours"];

/// The conversation's threads with replies, most recently active first, each
/// with your part in it (following, read marker, unread replies).
#[utoipa::path(
    tag = "threads",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the conversation"), ThreadsQuery),
    responses(
        (status = OK, body = ThreadPage),
        Refusals,
    )
)]
#[get("/conversations/{id}/threads")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    query: web::Query<ThreadsQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.read_conn(who.0.user_id).await?;
    let page = messages::threads(
        &mut conn,
        who.0.user_id,
        id.into_inner(),
        query.before,
        query.limit,
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
