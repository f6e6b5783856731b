use crate::error::ApiError;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::passkeys::PasskeyCeremony;

refusals![PasskeysDisabled, RateLimited];

/// Start a login with a passkey alone: pass `options` to
/// `navigator.credentials.get()`, then send its answer to `POST /auth/passkey`.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = CREATED, body = PasskeyCeremony),
        Refusals,
    )
)]
#[post("/auth/passkey/options")]
#[tracing::instrument(skip_all)]
pub async fn passkey_options(
    platform: web::Data<Platform>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "login_ip", |l| l.login_per_ip).await?;
    Ok(HttpResponse::Created().json(platform.auth.start_passkey_login().await?))
}
