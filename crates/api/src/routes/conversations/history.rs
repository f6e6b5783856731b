use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::error::ErrorCode;
use confab_domain::messages::{self, Cursor, MessagePage, Timeline};
use confab_domain::{Error, Platform};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct HistoryQuery {
    /// Newest first, older than this message (default: from the newest).
    before: Option<Uuid>,
    /// Oldest first, newer than this message.
    after: Option<Uuid>,
    /// Newest first, this message with its neighbours on both sides (jump-to).
    around: Option<Uuid>,
    /// 1–100, default 50.
    pub limit: Option<i64>,
}

impl HistoryQuery {
    /// Which slice the query asks for: at most one of the cursors.
    pub fn cursor(&self) -> Result<Cursor, Error> {
        match (self.before, self.after, self.around) {
            (before, None, None) => Ok(Cursor::Before(before)),
            (None, Some(after), None) => Ok(Cursor::After(after)),
            (None, None, Some(around)) => Ok(Cursor::Around(around)),
            _ => Err(Error::new(
                ErrorCode::InvalidQuery,
                "give at most one of before, after and around",
            )),
        }
    }
}

refusals![InvalidQuery, InvalidLimit, NotFound = "not yours"];

/// The main timeline's history, paged by cursor (never by offset). Thread
/// replies are not in it: `GET .../threads/{root_id}/messages` reads them.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the conversation"), HistoryQuery),
    responses(
        (status = OK, body = MessagePage),
        Refusals,
    )
)]
#[get("/conversations/{id}/messages")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn history(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    query: web::Query<HistoryQuery>,
) -> Result<HttpResponse, ApiError> {
    let cursor = query.cursor()?;
    let mut conn = platform.read_conn(who.0.user_id).await?;
    let page = messages::history(
        &mut conn,
        who.0.user_id,
        id.into_inner(),
        Timeline::Main,
        cursor,
        query.limit,
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
