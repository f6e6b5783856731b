use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::pagination::Page;
use confab_domain::reports::{self, MyReportPage};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct MyReportsQuery {
    /// Older than this report: the previous page's `next_before`.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![InvalidLimit];

/// The reports you made, newest first, with how each ended.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = ["login"])),
    params(MyReportsQuery),
    responses(
        (status = OK, body = MyReportPage),
        Refusals,
    )
)]
#[get("/users/me/reports")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn my_reports(
    platform: web::Data<Platform>,
    who: Authenticated,
    query: web::Query<MyReportsQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = Page::new(query.before, query.limit)?;
    let mut conn = platform.conn().await?;
    Ok(HttpResponse::Ok().json(reports::mine(&mut conn, who.0.user_id, page).await?))
}
