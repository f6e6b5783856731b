use crate::error::ApiError;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::passkeys::PasskeyCeremony;

/// Start a login with a passkey alone: pass `options` to
/// `navigator.credentials.get()`, then send its answer to `POST /auth/passkey`.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = CREATED, body = PasskeyCeremony),
        (status = FORBIDDEN, body = confab_web::envelope::ErrorBody, description = "`passkeys_disabled`"),
        (status = TOO_MANY_REQUESTS, body = confab_web::envelope::ErrorBody, description = "`rate_limited`; see `Retry-After`"),
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
