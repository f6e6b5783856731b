use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::{Platform, groups, write_tx};
use uuid::Uuid;

refusals![
    MissingPermission = "someone else's invitation, without `invite_members`",
    NotFound = "no such group of yours, or no such pending invitation in it",
];

/// Revoke a pending invitation: its inviter, or a member with
/// `invite_members`. Inviter and invitee get `group_invite.revoked`.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(
        ("id" = Uuid, Path, description = "the group"),
        ("invite_id" = Uuid, Path, description = "the invitation"),
    ),
    responses(
        (status = NO_CONTENT, description = "revoked"),
        Refusals,
    )
)]
#[delete("/groups/{id}/invites/{invite_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn revoke_invite(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (group, invite) = path.into_inner();
    write_tx!(platform, |c| groups::revoke_invite(
        c,
        who.0.user_id,
        group,
        invite
    )
    .await);
    Ok(HttpResponse::NoContent().finish())
}
