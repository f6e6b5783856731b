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
pub struct RecoverRequest {
    username: String,
    /// One of the account's unused recovery codes (`xxxxx-xxxxx`; case,
    /// spaces and dashes do not matter). It is spent.
    recovery_code: String,
    /// 8–128 characters.
    #[schema(schema_with = confab_domain::users::Password::schema)]
    new_password: String,
}

refusals![InvalidPassword, InvalidRecoveryCode, RateLimited, Busy];

/// Set a new password with a recovery code, for when no mail can help. Every
/// login of the account ends (their sockets close), and the owner is told.
#[utoipa::path(
    tag = "auth",
    request_body = RecoverRequest,
    responses(
        (status = NO_CONTENT, description = "the password is set; log in with it"),
        Refusals,
    )
)]
#[post("/auth/password/recover")]
#[tracing::instrument(skip_all)]
pub async fn recover(
    platform: web::Data<Platform>,
    body: Json<RecoverRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "recovery_ip", |l| {
        l.recovery_attempts_per_ip
    })
    .await?;
    let body = body.into_inner();
    crate::limits::per_key(
        &platform,
        &body.username.trim().to_lowercase(),
        "recovery_account",
        |l| l.recovery_attempts_per_user,
    )
    .await?;
    let new = Password::parse(body.new_password)?;
    platform
        .auth
        .recover_with_code(
            &body.username,
            &body.recovery_code,
            new,
            &origin(&req, &platform),
        )
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
