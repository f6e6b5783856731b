use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use crate::routes::media::MediaState;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::exports::{self, DataExport};

refusals![ExportInProgress, RateLimited];

/// Start building an archive of the caller's data (profile, friends,
/// conversations with their messages, their uploads). An
/// `account.export_ready` notification says when it can be downloaded.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = ACCEPTED, body = DataExport, description = "building"),
        Refusals,
    )
)]
#[post("/users/me/exports")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn start_export(
    platform: web::Data<Platform>,
    media: web::Data<MediaState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let export = start(&platform, &media, who.0.user_id).await?;
    Ok(HttpResponse::Accepted().json(export))
}

/// A new export for `user`, counted against their daily allowance.
pub(super) async fn start(
    platform: &Platform,
    media: &MediaState,
    user: uuid::Uuid,
) -> Result<DataExport, ApiError> {
    crate::limits::per_user(platform, user, "exports", |l| l.exports_per_user).await?;
    Ok(exports::start(
        platform.db.clone(),
        platform.waker.clone(),
        media.store.clone(),
        user,
    )
    .await?)
}
