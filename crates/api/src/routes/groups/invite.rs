use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::groups::{self, Invite};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct InviteBody {
    /// One of your friends.
    user_id: Uuid,
}

refusals![
    MissingPermission,
    NotFriends,
    Banned,
    NotFound = "not a group of yours",
    AlreadyMember,
    InviteExists,
];

/// Invite a friend (`invite_members`); they get a notification.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group")),
    request_body = InviteBody,
    responses(
        (status = CREATED, body = Invite),
        Refusals,
    )
)]
#[post("/groups/{id}/invites")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn invite(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<InviteBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, invitee) = (id.into_inner(), body.user_id);
    let invite = write_tx!(platform, |c| groups::invite(c, who.0.user_id, id, invitee)
        .await);
    Ok(HttpResponse::Created().json(invite))
}
