use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::admin::{self, AdminUserPage};
use confab_domain::pagination::Page;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct AdminUsersQuery {
    /// Username or email starting with it, or display name containing it.
    q: Option<String>,
    /// Only disabled accounts.
    disabled: Option<bool>,
    /// Older than this account: the previous page's `next_before`.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![InvalidLimit, AdminOnly];

/// Accounts, newest first, with email, last seen and whether disabled.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = ["login"])),
    params(AdminUsersQuery),
    responses(
        (status = OK, body = AdminUserPage),
        Refusals,
    )
)]
#[get("/admin/users")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn admin_users(
    platform: web::Data<Platform>,
    who: Authenticated,
    query: web::Query<AdminUsersQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = Page::new(query.before, query.limit)?;
    super::require(&platform, &who).await?;
    let mut conn = platform.conn().await?;
    let disabled_only = query.disabled.unwrap_or(false);
    let users = admin::search_users(&mut conn, query.q.as_deref(), disabled_only, page).await?;
    Ok(HttpResponse::Ok().json(users))
}
