use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct VapidKey {
    /// The server's VAPID public key (an uncompressed P-256 point, base64url):
    /// the `applicationServerKey` a browser subscribes with.
    public_key: String,
}

refusals![PushDisabled];

/// The key browsers subscribe to this server's pushes with.
#[utoipa::path(
    tag = "push",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = VapidKey),
        Refusals,
    )
)]
#[get("/push/vapid-key")]
#[tracing::instrument(skip_all, fields(user_id = %_who.0.user_id))]
pub async fn vapid_key(
    platform: web::Data<Platform>,
    _who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let vapid = super::vapid(&platform)?;
    Ok(HttpResponse::Ok().json(VapidKey {
        public_key: vapid.public_key().to_owned(),
    }))
}
