use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use crate::routes::media::MediaState;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::exports::{self, DataExport};

refusals![RateLimited];

/// The caller's data export: the newest one that is ready or being built
/// (200), or else a new one, started now (202), announced by an
/// `account.export_ready` notification when it can be downloaded. Asking
/// again while one exists starts nothing; `POST /users/me/exports` asks for
/// a fresh one.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = DataExport, description = "the current export (`building` or `ready`)"),
        (status = ACCEPTED, body = DataExport, description = "a new export, building"),
        Refusals,
    )
)]
#[get("/users/me/export")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn export(
    platform: web::Data<Platform>,
    media: web::Data<MediaState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let current = {
        let mut conn = platform.conn().await?;
        exports::current(&mut conn, who.0.user_id).await?
    };
    if let Some(current) = current {
        return Ok(HttpResponse::Ok().json(current));
    }
    let started = super::start_export::start(&platform, &media, who.0.user_id).await?;
    Ok(HttpResponse::Accepted().json(started))
}
