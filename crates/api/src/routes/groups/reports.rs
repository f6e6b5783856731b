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
pub struct GroupReportsQuery {
    /// Only reports in this state: `open`, `actioned` or `dismissed`.
    state: Option<String>,
    /// Older than this report: the previous page's `next_before`.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![
    InvalidQuery,
    InvalidLimit,
    MissingPermission = "your role lacks `manage_reports`",
    NotFound = "not a group of yours",
];

/// The group's report queue, newest first: reported messages as they read
/// when reported, who reported them and why. Needs `manage_reports`.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = ["login"])),
    params(("id" = Uuid, Path, description = "the group"), GroupReportsQuery),
    responses(
        (status = OK, body = ReportPage),
        Refusals,
    )
)]
#[get("/groups/{id}/reports")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn group_reports(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    query: web::Query<GroupReportsQuery>,
) -> Result<HttpResponse, ApiError> {
    let state = state_filter(query.state.as_deref())?;
    let page = Page::new(query.before, query.limit)?;
    let mut conn = platform.conn().await?;
    let queue = Queue::Group(id.into_inner());
    let reports = reports::queue(&mut conn, who.0.user_id, queue, state, page).await?;
    Ok(HttpResponse::Ok().json(reports))
}
