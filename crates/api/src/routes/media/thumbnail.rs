use super::MediaState;
use super::serve::{Variant, fetch};
use crate::error::ApiError;
use crate::extract::MediaReader;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, get, web};
use confab_domain::Platform;
use uuid::Uuid;

refusals![NotFound = "not visible to you, or not an image", NotReady];

/// An image's thumbnail (JPEG), once the medium is `ready`.
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the medium")),
    responses(
        (status = OK, description = "the JPEG thumbnail"),
        Refusals,
    )
)]
#[get("/media/{id}/thumbnail")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn thumbnail(
    req: HttpRequest,
    platform: web::Data<Platform>,
    state: web::Data<MediaState>,
    who: MediaReader,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (user, id) = (who.0.user_id, id.into_inner());
    fetch(&req, &platform, &state, user, id, Variant::Thumbnail).await
}
