use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::groups::{self, Accepted, GroupDetails};
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![
    Banned,
    InviteRevoked = "the inviter can no longer invite here: the invitation is gone",
    NotFound = "no such invitation for you",
];

/// Accept an invitation: you join the group with its default role.
#[utoipa::path(
    operation_id = "accept_invite",
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the invitation")),
    responses(
        (status = OK, body = GroupDetails),
        Refusals,
    )
)]
#[post("/invites/{id}/accept")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn accept(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let accepted = write_tx!(platform, |c| groups::accept_invite(c, who.0.user_id, id)
        .await);
    match accepted {
        Accepted::Joined(group) => Ok(HttpResponse::Ok().json(group)),
        Accepted::InviterLostStanding => Err(groups::invite_revoked().into()),
    }
}
