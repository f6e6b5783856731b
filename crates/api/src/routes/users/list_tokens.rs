use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::auth::access_tokens::AccessToken;

refusals![];

/// Your personal access tokens that are not revoked, newest first, with their
/// last use (expired ones too, so you see why a script stopped).
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = Items<AccessToken>),
        Refusals,
    )
)]
#[get("/users/me/tokens")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list_tokens(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let tokens = platform.auth.list_tokens(&who.0).await?;
    Ok(HttpResponse::Ok().json(Items::from(tokens)))
}
