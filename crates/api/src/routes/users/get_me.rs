use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::users::{CurrentUser, repo};

refusals![];

/// The caller's own profile.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = OK, body = CurrentUser),
        Refusals,
    )
)]
#[get("/users/me")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn get_me(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let user = repo::get_self(&mut conn, who.0.user_id).await?;
    Ok(HttpResponse::Ok().json(CurrentUser::from(&user)))
}
