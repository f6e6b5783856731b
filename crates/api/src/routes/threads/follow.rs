use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, put, web};
use confab_domain::messages;
use confab_domain::messages::ThreadMembership;
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct FollowBody {
    /// Follow (unread state and notifications for its replies) or not.
    following: bool,
}

refusals![NotFound = "not yours, or not a message of the main timeline"];

/// Follow or unfollow a thread (also one with no replies yet). Starting to
/// follow counts the replies so far as read. Your devices get
/// `thread.member_updated`.
#[utoipa::path(
    tag = "threads",
    security(("bearer" = ["messages"])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("root_id" = Uuid, Path, description = "the thread's root message"),
    ),
    request_body = FollowBody,
    responses(
        (status = OK, body = ThreadMembership),
        Refusals,
    )
)]
#[put("/conversations/{id}/threads/{root_id}/follow")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn follow(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<FollowBody>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, root) = path.into_inner();
    let member = write_tx!(platform, |c| {
        messages::follow_thread(c, who.0.user_id, conversation, root, body.following).await
    });
    Ok(HttpResponse::Ok().json(member))
}
