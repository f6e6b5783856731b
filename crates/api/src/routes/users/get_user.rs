use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::users::{PublicUser, repo};
use confab_domain::{Error, Platform, friends};
use uuid::Uuid;

refusals![NotFound];

/// Someone's public profile. Users who blocked each other are not found.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the user")),
    responses(
        (status = OK, body = PublicUser),
        Refusals,
    )
)]
#[get("/users/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn get_user(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let mut conn = platform.read_conn(who.0.user_id).await?;
    if friends::is_blocked_either_way(&mut conn, who.0.user_id, id).await? {
        return Err(Error::not_found("user").into());
    }
    let user = repo::public_profile(&mut conn, id).await?;
    Ok(HttpResponse::Ok().json(user))
}
