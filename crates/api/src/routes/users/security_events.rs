use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::auth::audit::{self, SecurityEvent};

/// Entries shown: enough for months of ordinary use.
const SHOWN: i64 = 100;

refusals![];

/// The caller's security log, newest first: password changes and resets (and
/// how), recovery codes made, email confirmed, logins from new devices,
/// sessions ended; each with the address and device it came from.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    responses(
        (status = OK, body = Vec<SecurityEvent>),
        Refusals,
    )
)]
#[get("/users/me/security-events")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn security_events(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let events = audit::list(&mut conn, who.0.user_id, SHOWN).await?;
    Ok(HttpResponse::Ok().json(events))
}
