use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::friends::{self, UserSearchPage};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct SearchQuery {
    /// Username prefix, 1–32 characters.
    #[param(
        min_length = 1,
        max_length = 32,
        pattern = "[^\\t\\n\\x0b\\x0c\\r\\x85 \u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
    )]
    q: String,
    /// The last username of the previous page.
    after: Option<String>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![InvalidQuery, InvalidLimit];

/// Find users by username prefix, alphabetically, with your relationship to each.
#[utoipa::path(
    operation_id = "search_users",
    tag = "users",
    security(("bearer" = [])),
    params(SearchQuery),
    responses(
        (status = OK, body = UserSearchPage),
        Refusals,
    )
)]
#[get("/users/search")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn search(
    platform: web::Data<Platform>,
    who: Authenticated,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let page = friends::search(
        &mut conn,
        who.0.user_id,
        &query.q,
        query.after.as_deref(),
        query.limit,
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
