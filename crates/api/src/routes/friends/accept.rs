use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::friends::{self, FriendRequest};
use confab_domain::write_tx;
use uuid::Uuid;

refusals![NotFound = "no such request to you"];

/// Accept a friend request sent to you.
#[utoipa::path(
    operation_id = "accept_friend_request",
    tag = "friends",
    security(("bearer" = ["friends"])),
    params(("id" = Uuid, Path, description = "the request")),
    responses(
        (status = OK, body = FriendRequest),
        Refusals,
    )
)]
#[post("/friends/requests/{id}/accept")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn accept(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let request = write_tx!(platform, |c| friends::accept(c, who.0.user_id, id).await);
    Ok(HttpResponse::Ok().json(request))
}
