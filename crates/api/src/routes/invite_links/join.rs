use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::groups::{self, GroupDetails};
use confab_domain::{Platform, write_tx};

refusals![
    NotFound = "no link has this code",
    InviteLinkExpired,
    InviteLinkRevoked,
    InviteLinkUsedUp,
    Banned,
    AlreadyMember,
];

/// Join a group by its invite link (a private one too); the link counts a
/// use. The banned are refused.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("code" = String, Path, description = "the link's code")),
    responses(
        (status = OK, body = GroupDetails),
        Refusals,
    )
)]
#[post("/invite-links/{code}/join")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn join_by_link(
    platform: web::Data<Platform>,
    who: Authenticated,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = code.into_inner();
    let joined = write_tx!(platform, |c| groups::join_by_link(c, who.0.user_id, &code)
        .await);
    Ok(HttpResponse::Ok().json(joined))
}
