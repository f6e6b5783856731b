use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::origin;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::users::Password;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct ResetPasswordRequest {
    /// The `token` of the reset link (`/reset-password#token=...`), mailed or
    /// made by an operator.
    token: String,
    /// 8–128 characters.
    #[schema(schema_with = confab_domain::users::Password::schema)]
    new_password: String,
}

refusals![
    InvalidLink,
    InvalidPassword,
    LinkUsed,
    LinkExpired,
    RateLimited,
    Busy,
];

/// Set a new password with a reset link. Every login of the account ends
/// (their sockets close), and the owner is told.
#[utoipa::path(
    tag = "auth",
    request_body = ResetPasswordRequest,
    responses(
        (status = NO_CONTENT, description = "the password is set; log in with it"),
        Refusals,
    )
)]
#[post("/auth/password/reset")]
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    platform: web::Data<Platform>,
    body: Json<ResetPasswordRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "recovery_ip", |l| {
        l.recovery_attempts_per_ip
    })
    .await?;
    let body = body.into_inner();
    let new = Password::parse(body.new_password)?;
    platform
        .auth
        .reset_password(&body.token, new, &origin(&req, &platform))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
