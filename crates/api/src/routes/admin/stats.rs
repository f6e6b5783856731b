use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::admin::{self, InstanceStats};

refusals![AdminOnly];

/// The instance at a glance: accounts, groups, open site reports, people
/// connected now, and messages per day for the last 14 days.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = InstanceStats),
        Refusals,
    )
)]
#[get("/admin/stats")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn instance_stats(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    super::require(&platform, &who).await?;
    let mut conn = platform.conn().await?;
    let stats = admin::instance(&mut conn, &platform.presence).await?;
    Ok(HttpResponse::Ok().json(stats))
}
