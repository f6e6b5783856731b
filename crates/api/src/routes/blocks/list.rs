use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::friends;
use confab_domain::users::PublicUser;

/// The users you blocked.
#[utoipa::path(
    operation_id = "list_blocks",
    tag = "friends",
    security(("bearer" = [])),
    responses((status = OK, body = Items<PublicUser>))
)]
#[get("/blocks")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let items = friends::blocked_users(&mut conn, who.0.user_id).await?;
    Ok(HttpResponse::Ok().json(Items::from(items)))
}
