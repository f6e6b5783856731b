use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use crate::routes::reports::state_filter;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::pagination::Page;
use confab_domain::reports::{self, Queue, ReportPage};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct SiteReportsQuery {
    /// Only reports in this state: `open`, `actioned` or `dismissed`.
    state: Option<String>,
    /// Older than this report: the previous page's `next_before`.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![InvalidQuery, InvalidLimit, AdminOnly];

/// The site's report queue (messages in DMs, and users), newest first.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = ["login"])),
    params(SiteReportsQuery),
    responses(
        (status = OK, body = ReportPage),
        Refusals,
    )
)]
#[get("/admin/reports")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn site_reports(
    platform: web::Data<Platform>,
    who: Authenticated,
    query: web::Query<SiteReportsQuery>,
) -> Result<HttpResponse, ApiError> {
    let state = state_filter(query.state.as_deref())?;
    let page = Page::new(query.before, query.limit)?;
    let mut conn = platform.conn().await?;
    let reports = reports::queue(&mut conn, who.0.user_id, Queue::Site, state, page).await?;
    Ok(HttpResponse::Ok().json(reports))
}
