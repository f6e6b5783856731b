use super::AuthResponse;
use crate::devices::LoginAttempt;
use crate::error::ApiError;
use crate::extract::origin;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::users::CurrentUser;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    username: String,
    password: String,
}

/// Log in with username and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = OK, body = AuthResponse),
        (status = UNAUTHORIZED, body = confab_web::envelope::ErrorBody, description = "`invalid_credentials`, the same whether or not the user exists"),
        (status = FORBIDDEN, body = confab_web::envelope::ErrorBody, description = "`email_not_verified`: the server requires a confirmed email before the first login (only after the password matched)"),
        (status = TOO_MANY_REQUESTS, body = confab_web::envelope::ErrorBody, description = "`rate_limited` (too many attempts from this address, or too many failures for this account from this address or from unknown devices; a device that logged in to the account before is never locked out); see `Retry-After`"),
    )
)]
#[post("/auth/login")]
#[tracing::instrument(skip_all)]
pub async fn login(
    platform: web::Data<Platform>,
    body: web::Json<LoginRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "login_ip", |l| l.login_per_ip).await?;
    let attempt = LoginAttempt::new(&platform, &req, &body.username);
    attempt.check(&platform).await?;
    let origin = origin(&req, &platform);
    let outcome = platform
        .auth
        .login(&body.username, &body.password, &origin)
        .await;
    if let Err(confab_domain::Error::Unauthenticated { .. }) = &outcome {
        attempt.failed(&platform).await;
    }
    let (user, tokens) = outcome?;
    tracing::info!(user_id = %user.id, "logged in");
    if !attempt.is_known_device(user.id)
        && let Err(e) = platform.auth.new_device_login(&user, &origin).await
    {
        // The login stands; only its announcement failed.
        tracing::error!(error = %e, "new-device login not announced");
    }
    let mut response = HttpResponse::Ok();
    attempt.remember(&platform, &req, user.id, &user.username, &mut response);
    Ok(response.json(AuthResponse {
        user: CurrentUser::from(&user),
        tokens,
    }))
}
