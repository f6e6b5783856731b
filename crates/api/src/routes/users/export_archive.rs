use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use crate::routes::media::MediaState;
use crate::routes::media::serve::send;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::exports;
use confab_domain::media::MediaStore;
use uuid::Uuid;

refusals![
    NotFound = "no export of yours has that id, or it failed",
    NotReady
];

/// Download a ready export (a zip), the caller's own only.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    params(("export_id" = Uuid, Path)),
    responses(
        (status = OK, description = "the archive", content_type = "application/zip"),
        Refusals,
    )
)]
#[get("/users/me/exports/{export_id}/archive")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn export_archive(
    platform: web::Data<Platform>,
    media: web::Data<MediaState>,
    who: Authenticated,
    path: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let export = {
        let mut conn = platform.conn().await?;
        exports::ready(&mut conn, who.0.user_id, path.into_inner()).await?
    };
    let mut response = send(
        &req,
        &media,
        &MediaStore::relative_export(export.id),
        &media.store.export(export.id),
        "application/zip",
    )
    .await?;
    let filename = format!(
        "attachment; filename=\"confab-export-{}.zip\"",
        export.created_at.format("%Y-%m-%d-%H%M%S")
    );
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&filename).map_err(confab_domain::Error::internal)?,
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
