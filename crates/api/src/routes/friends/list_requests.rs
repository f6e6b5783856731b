use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::friends::{self, RequestLists};

/// Pending friend requests, to you and from you, newest first.
#[utoipa::path(
    tag = "friends",
    security(("bearer" = [])),
    responses((status = OK, body = RequestLists))
)]
#[get("/friends/requests")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list_requests(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let lists = friends::requests(&mut conn, who.0.user_id).await?;
    Ok(HttpResponse::Ok().json(lists))
}
