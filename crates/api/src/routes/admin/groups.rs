use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::admin::{self, AdminGroupPage};
use confab_domain::pagination::Page;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct AdminGroupsQuery {
    /// Handle or name starting with it.
    q: Option<String>,
    /// Older than this group: the previous page's `next_before`.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![InvalidLimit, AdminOnly];

/// Every group, private ones too, newest first, with owner and member count.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = ["login"])),
    params(AdminGroupsQuery),
    responses(
        (status = OK, body = AdminGroupPage),
        Refusals,
    )
)]
#[get("/admin/groups")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn admin_groups(
    platform: web::Data<Platform>,
    who: Authenticated,
    query: web::Query<AdminGroupsQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = Page::new(query.before, query.limit)?;
    super::require(&platform, &who).await?;
    let mut conn = platform.conn().await?;
    let groups = admin::search_groups(&mut conn, query.q.as_deref(), page).await?;
    Ok(HttpResponse::Ok().json(groups))
}
