use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::friends::{self, Friend};

/// Your friends, by username, with their presence and last seen.
#[utoipa::path(
    operation_id = "list_friends",
    tag = "friends",
    security(("bearer" = [])),
    responses((status = OK, body = Items<Friend>))
)]
#[get("/friends")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let items = friends::list(&mut conn, &platform.presence, who.0.user_id).await?;
    Ok(HttpResponse::Ok().json(Items::from(items)))
}
