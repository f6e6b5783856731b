use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::admin::{self, SiteAction, SiteAuditPage};
use confab_domain::error::ErrorCode;
use confab_domain::pagination::Page;
use confab_domain::{Error, Platform};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct SiteAuditQuery {
    /// Only this action (`account_disabled`, `report_resolved`, ...).
    action: Option<String>,
    /// Only actions on this account.
    target_id: Option<Uuid>,
    /// Older than this entry: the previous page's `next_before`.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![InvalidQuery, InvalidLimit, AdminOnly];

/// The site audit log, newest first: what administrators (and the operator's
/// command line) did, to whom, and why.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = ["login"])),
    params(SiteAuditQuery),
    responses(
        (status = OK, body = SiteAuditPage),
        Refusals,
    )
)]
#[get("/admin/audit-log")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn site_audit_log(
    platform: web::Data<Platform>,
    who: Authenticated,
    query: web::Query<SiteAuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let action = query
        .action
        .as_deref()
        .map(|name| {
            SiteAction::parse(name).ok_or_else(|| {
                Error::new(ErrorCode::InvalidQuery, format!("unknown action '{name}'"))
            })
        })
        .transpose()?;
    let page = Page::new(query.before, query.limit)?;
    super::require(&platform, &who).await?;
    let mut conn = platform.conn().await?;
    let log = admin::list(&mut conn, action, query.target_id, page).await?;
    Ok(HttpResponse::Ok().json(log))
}
