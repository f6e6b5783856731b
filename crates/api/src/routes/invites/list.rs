use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::groups::{self, Invite};

/// Group invitations waiting for your answer, newest first.
#[utoipa::path(
    operation_id = "list_my_invites",
    tag = "groups",
    security(("bearer" = [])),
    responses((status = OK, body = Items<Invite>))
)]
#[get("/invites")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let invites = groups::my_invites(&mut conn, who.0.user_id).await?;
    Ok(HttpResponse::Ok().json(Items::from(invites)))
}
