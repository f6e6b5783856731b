use super::MediaState;
use super::serve::{Variant, fetch};
use crate::error::ApiError;
use crate::extract::MediaReader;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, get, web};
use confab_domain::Platform;
use uuid::Uuid;

refusals![NotFound = "no such medium, or not visible to you"];

/// The file itself, with `Range` support (video seeks). Visible to the
/// uploader and to members of a conversation where it was shared (and, for
/// avatars and group photos, to those who can see them); anyone else gets 404.
/// `<img>` and `<video>` elements authenticate with the `confab_media` cookie
/// (`POST /media/session`); API clients with the bearer header.
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the medium")),
    responses(
        (status = OK, description = "the bytes"),
        (status = PARTIAL_CONTENT, description = "the requested range"),
        Refusals,
    )
)]
#[get("/media/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn download(
    req: HttpRequest,
    platform: web::Data<Platform>,
    state: web::Data<MediaState>,
    who: MediaReader,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (user, id) = (who.0.user_id, id.into_inner());
    fetch(&req, &platform, &state, user, id, Variant::Original).await
}
