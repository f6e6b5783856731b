use crate::error::ApiError;
use crate::extract::Authenticated;
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

/// Invite a friend (`invite_members`); they get a notification.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the group")),
    request_body = InviteBody,
    responses(
        (status = CREATED, body = Invite),
        (status = FORBIDDEN, body = confab_web::envelope::ErrorBody, description = "`missing_permission`, `not_friends`, `banned`"),
        (status = NOT_FOUND, body = confab_web::envelope::ErrorBody, description = "not a group of yours"),
        (status = CONFLICT, body = confab_web::envelope::ErrorBody, description = "`already_member`, `invite_exists`"),
    )
)]
#[post("/groups/{id}/invites")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn invite(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<InviteBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, invitee) = (id.into_inner(), body.user_id);
    let invite = write_tx!(platform, |c| groups::invite(c, who.0.user_id, id, invitee)
        .await);
    Ok(HttpResponse::Created().json(invite))
}
