use super::MediaState;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::error::ErrorCode;
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

refusals![
    MissingFile,
    InvalidMultipart,
    FileTooLarge = "nothing is kept",
    UnsupportedMediaType,
    RateLimited,
];

/// Upload a photo, audio or video (multipart field `file`). The type is sniffed
/// from the content; size limits depend on it (defaults: image 10 MiB, audio
/// 25 MiB, video 100 MiB). Images come back `processing` and become `ready`
/// with a thumbnail shortly after (a `media.updated` event says when).
#[utoipa::path(
    tag = "media",
    security(("bearer" = ["media"])),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = CREATED, body = Media),
        Refusals,
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
    Err(Error::new(
        ErrorCode::MissingFile,
        "send the file in a multipart field named 'file'",
    )
    .into())
}

fn bad_multipart(e: actix_multipart::MultipartError) -> ApiError {
    Error::new(
        ErrorCode::InvalidMultipart,
        format!("the multipart body is malformed: {e}"),
    )
    .into()
}
