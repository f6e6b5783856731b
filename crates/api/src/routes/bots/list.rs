use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::users::PublicUser;

refusals![];

/// Your bots, oldest first.
#[utoipa::path(
    tag = "bots",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = Items<PublicUser>),
        Refusals,
    )
)]
#[get("/bots")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list_bots(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(Items::from(platform.auth.list_bots(&who.0).await?)))
}
