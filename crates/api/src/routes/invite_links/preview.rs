use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::groups::{self, InviteLinkPreview};

refusals![
    NotFound = "no link has this code",
    InviteLinkExpired,
    InviteLinkRevoked,
    InviteLinkUsedUp,
];

/// What an invite link shows before joining: the group's name, photo and
/// member count, and nothing more.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("code" = String, Path, description = "the link's code")),
    responses(
        (status = OK, body = InviteLinkPreview),
        Refusals,
    )
)]
#[get("/invite-links/{code}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn preview_invite_link(
    platform: web::Data<Platform>,
    who: Authenticated,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let shown = groups::preview(&mut conn, who.0.user_id, &code).await?;
    Ok(HttpResponse::Ok().json(shown))
}
