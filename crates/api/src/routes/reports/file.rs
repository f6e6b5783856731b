use crate::error::ApiError;
use crate::extract::{Authenticated, Json};
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::reports::{self, MyReport, NewReport};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct ReportRequest {
    /// The message reported (one you can see), or null to report a user.
    message_id: Option<Uuid>,
    /// The user reported, or null to report a message.
    user_id: Option<Uuid>,
    #[schema(schema_with = confab_domain::reports::ReportReason::schema)]
    reason: String,
    /// What the handlers should know, up to 1000 characters.
    #[schema(max_length = 1000)]
    details: Option<String>,
}

refusals![
    InvalidReport,
    CannotReportSelf,
    NotFound = "no such message or user visible to you",
    AlreadyReported,
    RateLimited = "too many reports",
];

/// Report a message or a user. A message in a group goes to that group's
/// moderators (members whose role has `manage_reports`); a message in a DM,
/// and a user, go to the site's administrators. They are notified
/// (`report.received`); you are told how it ends (`report.resolved`).
#[utoipa::path(
    tag = "reports",
    security(("bearer" = ["login"])),
    request_body = ReportRequest,
    responses(
        (status = CREATED, body = MyReport),
        Refusals,
    )
)]
#[post("/reports")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn file_report(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<ReportRequest>,
) -> Result<HttpResponse, ApiError> {
    let report = NewReport::parse(
        body.message_id,
        body.user_id,
        &body.reason,
        body.details.as_deref(),
    )?;
    let me = who.0.user_id;
    crate::limits::per_user(&platform, me, "reports", |l| l.reports_per_user).await?;
    let filed = write_tx!(platform, |c| reports::file(c, me, report.clone()).await);
    Ok(HttpResponse::Created().json(filed))
}
