use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::groups::{self, GroupSearchPage};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct GroupSearchQuery {
    /// Start of a handle or name (case-insensitive); empty lists every public group.
    #[serde(default)]
    #[param(max_length = 64)]
    q: String,
    /// The `next_before` of the previous page.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![InvalidQuery, InvalidLimit];

/// Find public groups by handle or name, newest first.
#[utoipa::path(
    operation_id = "search_groups",
    tag = "groups",
    security(("bearer" = [])),
    params(GroupSearchQuery),
    responses(
        (status = OK, body = GroupSearchPage),
        Refusals,
    )
)]
#[get("/groups/search")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn search(
    platform: web::Data<Platform>,
    who: Authenticated,
    query: web::Query<GroupSearchQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let page = groups::search(
        &mut conn,
        who.0.user_id,
        &query.q,
        query.before,
        query.limit,
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
