use crate::error::ApiError;
use crate::extract::{Authenticated, Json};
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::reports::{self, Report, Resolution};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct ResolveRequest {
    #[schema(schema_with = resolution_states)]
    state: String,
    /// What was done, up to 1000 characters: the reporter reads it.
    #[schema(max_length = 1000)]
    outcome: Option<String>,
}

fn resolution_states() -> utoipa::openapi::schema::Object {
    confab_domain::text::one_of("How it ends.", &["actioned", "dismissed"])
}

refusals![
    InvalidResolution,
    MissingPermission = "your role lacks `manage_reports`",
    NotFound = "no report you may handle",
    ReportSettled,
];

/// Settle an open report as actioned or dismissed, saying what was done (do
/// the deed itself — delete, time out, ban, disable — with its own
/// operation). Group reports need `manage_reports` and go to the group's
/// audit log; site reports need a site administrator and go to the site's.
/// The reporter is notified (`report.resolved`) without your name.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = ["login"])),
    params(("id" = Uuid, Path, description = "the report")),
    request_body = ResolveRequest,
    responses(
        (status = OK, body = Report),
        Refusals,
    )
)]
#[post("/reports/{id}/resolve")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn resolve_report(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<ResolveRequest>,
) -> Result<HttpResponse, ApiError> {
    let resolution = Resolution::parse(&body.state, body.outcome.as_deref())?;
    let (me, id) = (who.0.user_id, id.into_inner());
    let report = write_tx!(platform, |c| reports::resolve(
        c,
        me,
        id,
        resolution.clone()
    )
    .await);
    Ok(HttpResponse::Ok().json(report))
}
