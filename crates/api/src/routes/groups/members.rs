use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::groups::{self, MemberPage};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct MembersQuery {
    /// The `next_after` of the previous page.
    after: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![NotFound = "not a group of yours"];

/// The members of a group you are in, with their roles.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the group"), MembersQuery),
    responses(
        (status = OK, body = MemberPage),
        Refusals,
    )
)]
#[get("/groups/{id}/members")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn members(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    query: web::Query<MembersQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.read_conn(who.0.user_id).await?;
    let page = groups::members(
        &mut conn,
        who.0.user_id,
        id.into_inner(),
        query.after,
        query.limit,
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
