//! Sending a stored file: behind Nginx, an `X-Accel-Redirect` so Nginx sends
//! the bytes (and honours `Range`); otherwise the API streams the file itself,
//! with `Range` support.

use super::MediaState;
use crate::error::ApiError;
use actix_files::NamedFile;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use confab_domain::error::ErrorCode;
use confab_domain::media::MediaRow;
use confab_domain::{Error, Platform};
use std::path::PathBuf;
use uuid::Uuid;

/// Which file of a medium.
pub enum Variant {
    Original,
    Thumbnail,
}

/// Checks that `user` may see the medium, then sends the file.
pub async fn fetch(
    req: &HttpRequest,
    platform: &Platform,
    state: &MediaState,
    user: Uuid,
    id: Uuid,
    variant: Variant,
) -> Result<HttpResponse, ApiError> {
    let row = {
        let mut conn = platform.conn().await?;
        confab_domain::media::visible(&mut conn, user, id).await?
    };
    let thumbnail = matches!(variant, Variant::Thumbnail);
    if thumbnail && row.status == "processing" {
        return Err(Error::new(ErrorCode::NotReady, "the thumbnail is still being made").into());
    }
    if thumbnail && !row.has_thumbnail {
        return Err(Error::not_found("thumbnail").into());
    }
    serve(req, state, &row, variant).await
}

async fn serve(
    req: &HttpRequest,
    state: &MediaState,
    row: &MediaRow,
    variant: Variant,
) -> Result<HttpResponse, ApiError> {
    let (relative, path, mime): (String, PathBuf, &str) = match variant {
        Variant::Original => (
            confab_domain::media::MediaStore::relative(row.id),
            state.store.original(row.id),
            &row.mime,
        ),
        Variant::Thumbnail => (
            confab_domain::media::MediaStore::relative_thumbnail(row.id),
            state.store.thumbnail(row.id),
            "image/jpeg",
        ),
    };
    let mut response = send(req, state, &relative, &path, mime).await?;
    let headers = response.headers_mut();
    // A medium's bytes never change under its id.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// Sends a file of the media directory (`relative` to it, at `path`): an
/// `X-Accel-Redirect` for Nginx when configured, else streamed here with
/// `Range` support.
pub async fn send(
    req: &HttpRequest,
    state: &MediaState,
    relative: &str,
    path: &std::path::Path,
    mime: &str,
) -> Result<HttpResponse, ApiError> {
    Ok(if state.accel_location.is_empty() {
        let file = NamedFile::open_async(path)
            .await
            .map_err(|_| Error::not_found("media"))?;
        let content_type = mime
            .parse()
            .map_err(|_| Error::internal("stored mime does not parse"))?;
        file.set_content_type(content_type)
            .use_last_modified(false)
            .into_response(req)
    } else {
        HttpResponse::Ok()
            .insert_header((
                "X-Accel-Redirect",
                format!("{}{relative}", state.accel_location),
            ))
            .content_type(mime)
            .finish()
    })
}
