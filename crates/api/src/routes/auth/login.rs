use super::AuthResponse;
use crate::error::ApiError;
use crate::extract::user_agent;
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
        (status = TOO_MANY_REQUESTS, body = confab_web::envelope::ErrorBody, description = "`rate_limited` (too many attempts from this address, or too many failures for this account); see `Retry-After`"),
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
    // Failures per account, whatever the address: the brake on guessing.
    let limiter = &platform.limiter;
    let account = body.username.trim().to_lowercase();
    let failures = limiter.settings().login_failures_per_account;
    limiter.check("login_failures", failures, &account).await?;
    let outcome = platform
        .auth
        .login(&body.username, &body.password, user_agent(&req))
        .await;
    if let Err(confab_domain::Error::Unauthenticated { .. }) = &outcome {
        // Counting may itself refuse (the account just ran out); the answer to
        // this attempt stays "invalid credentials".
        let _ = limiter.hit("login_failures", failures, &account).await;
    }
    let (user, tokens) = outcome?;
    tracing::info!(user_id = %user.id, "logged in");
    Ok(HttpResponse::Ok().json(AuthResponse {
        user: CurrentUser::from(&user),
        tokens,
    }))
}
