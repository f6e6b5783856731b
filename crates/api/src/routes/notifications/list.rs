use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::notifications::{self, NotificationPage};
use confab_domain::pagination::Page;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct NotificationQuery {
    /// Older than this notification.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

/// Your notifications, newest first, with the unread count.
#[utoipa::path(
    operation_id = "list_notifications",
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses((status = OK, body = NotificationPage))
)]
#[get("/notifications")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list(
    platform: web::Data<Platform>,
    who: Authenticated,
    query: web::Query<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = Page::new(query.before, query.limit)?;
    let mut conn = platform.conn().await?;
    let result = notifications::list(&mut conn, who.0.user_id, page).await?;
    Ok(HttpResponse::Ok().json(result))
}
