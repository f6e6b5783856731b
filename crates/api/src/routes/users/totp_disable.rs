use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct DisableTotpRequest {
    /// The account's password (ignored for an account made by an external
    /// provider, which has none).
    #[serde(default)]
    password: String,
    /// A current code of the app, or a recovery code.
    code: String,
}

refusals![WrongPassword, TotpNotEnabled, RateLimited, Busy, WrongCode];

/// Switch one-time codes off: needs the password and a current code.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = DisableTotpRequest,
    responses(
        (status = NO_CONTENT, description = "codes are no longer asked for"),
        Refusals,
    )
)]
#[post("/users/me/two-factor/totp/disable")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn totp_disable(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<DisableTotpRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_user(&platform, who.0.user_id, "second_factor", |l| {
        l.recovery_attempts_per_user
    })
    .await?;
    platform
        .auth
        .disable_totp(&who.0, &body.password, &body.code, &origin(&req, &platform))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
