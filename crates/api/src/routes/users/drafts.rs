use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::drafts::{self, Draft};

refusals![];

/// Your drafts, newest first, in the conversations you are still in.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["read"])),
    responses(
        (status = OK, body = Items<Draft>),
        Refusals,
    )
)]
#[get("/users/me/drafts")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list_drafts(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let items = drafts::list(&mut conn, who.0.user_id).await?;
    Ok(HttpResponse::Ok().json(Items::from(items)))
}
