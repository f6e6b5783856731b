use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use confab_domain::error::ErrorCode;
use confab_domain::messages::{self, SearchPage, SearchQuery, SearchText};
use confab_domain::{Error, Platform};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct SearchParams {
    /// 1–200 characters: words (all must match, each also as a prefix;
    /// accents fold; Chinese, Japanese and Korean match as substrings),
    /// "a phrase", -excluded, and filters: `from:@name` (or `from:me`),
    /// `in:#group`, `in:@friend`, `in:thread`, `has:link|image|file|audio|video`,
    /// `before:`, `after:`, `on:` a date (YYYY-MM-DD, in `tz`), `is:pinned`.
    #[param(
        min_length = 1,
        max_length = 200,
        pattern = "[^\\t\\n\\x0b\\x0c\\r\\x85 \u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
    )]
    q: String,
    /// Only in this conversation.
    conversation_id: Option<Uuid>,
    /// Only by this author.
    author_id: Option<Uuid>,
    /// Only sent at or after this time (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Only sent before this time (RFC 3339).
    to: Option<DateTime<Utc>>,
    /// An IANA time zone (e.g. `Europe/Berlin`) for the days of `before:`,
    /// `after:` and `on:`; default UTC.
    tz: Option<String>,
    /// Older than this message: the previous page's `next_before`.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![
    InvalidQuery,
    InvalidLimit,
    NotFound = "`conversation_id` is not yours",
    RateLimited,
];

/// Search the messages of your conversations, newest first, with the matched
/// words marked. Deleted messages, and conversations you left or were banned
/// from, are never searched.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(SearchParams),
    responses(
        (status = OK, body = SearchPage),
        Refusals,
    )
)]
#[get("/search/messages")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn search_messages(
    platform: web::Data<Platform>,
    who: Authenticated,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let query = SearchQuery {
        text: SearchText::parse(&params.q)?,
        conversation: params.conversation_id,
        author: params.author_id,
        from: params.from,
        to: params.to,
        time_zone: match params.tz.as_deref() {
            None => chrono_tz::Tz::UTC,
            Some(name) => name
                .parse()
                .map_err(|_| Error::new(ErrorCode::InvalidQuery, "tz must be an IANA time zone"))?,
        },
        before: params.before,
        limit: params.limit,
    };
    crate::limits::per_user(&platform, who.0.user_id, "searches_user", |l| {
        l.searches_per_user
    })
    .await?;
    let mut conn = platform.read_conn(who.0.user_id).await?;
    let page = messages::search(&mut conn, who.0.user_id, query).await?;
    Ok(HttpResponse::Ok().json(page))
}
