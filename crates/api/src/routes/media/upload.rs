use super::MediaState;
use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::media::{self, Media, UploadWriter};
use confab_domain::{Error, Platform, write_tx};
use futures_util::TryStreamExt;

/// The multipart body of an upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file. Its type is decided from its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload a photo, audio or video (multipart field `file`). The type is sniffed
/// from the content; size limits depend on it (defaults: image 10 MiB, audio
/// 25 MiB, video 100 MiB). Images come back `processing` and become `ready`
/// with a thumbnail shortly after (a `media.updated` event says when).
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = CREATED, body = Media),
        (status = BAD_REQUEST, body = confab_web::envelope::ErrorBody, description = "`missing_file`, `invalid_multipart`"),
        (status = PAYLOAD_TOO_LARGE, body = confab_web::envelope::ErrorBody, description = "`file_too_large` (nothing is kept)"),
        (status = UNSUPPORTED_MEDIA_TYPE, body = confab_web::envelope::ErrorBody, description = "`unsupported_media_type`"),
        (status = TOO_MANY_REQUESTS, body = confab_web::envelope::ErrorBody, description = "`rate_limited`; see `Retry-After`"),
    )
)]
#[post("/media")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn upload(
    platform: web::Data<Platform>,
    state: web::Data<MediaState>,
    who: Authenticated,
    req: HttpRequest,
    mut form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let me = who.0.user_id;
    crate::limits::per_user(&platform, me, "uploads_user", |l| l.uploads_per_user).await?;
    crate::limits::per_ip(&platform, &req, "uploads_ip", |l| l.uploads_per_ip).await?;
    while let Some(mut field) = form.try_next().await.map_err(bad_multipart)? {
        if field.name() != Some("file") {
            while field.try_next().await.map_err(bad_multipart)?.is_some() {}
            continue;
        }
        let mut writer = UploadWriter::begin(&state.store, state.limits).await?;
        while let Some(chunk) = field.try_next().await.map_err(bad_multipart)? {
            writer.write(&chunk).await?;
        }
        let finished = writer.finish().await?;
        let media = write_tx!(platform, |c| media::insert(c, me, &finished).await);
        state.processor.enqueue(media.id);
        metrics::counter!("media_uploaded_total", "kind" => media.kind.clone()).increment(1);
        metrics::counter!("media_uploaded_bytes_total").increment(media.size as u64);
        return Ok(HttpResponse::Created().json(media));
    }
    Err(Error::invalid(
        "missing_file",
        "send the file in a multipart field named 'file'",
    )
    .into())
}

fn bad_multipart(e: actix_multipart::MultipartError) -> ApiError {
    Error::invalid(
        "invalid_multipart",
        format!("the multipart body is malformed: {e}"),
    )
    .into()
}
