use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::TotpEnabled;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct TotpCode {
    /// The 6-digit code the app shows now.
    code: String,
}

refusals![TotpNotSetUp, TotpAlreadyEnabled, RateLimited, WrongCode];

/// Switch one-time codes on with a correct code from the app; from now on
/// every login asks for one after the password.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = TotpCode,
    responses(
        (status = OK, body = TotpEnabled),
        Refusals,
    )
)]
#[post("/users/me/two-factor/totp/enable")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn totp_enable(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<TotpCode>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_user(&platform, who.0.user_id, "second_factor", |l| {
        l.recovery_attempts_per_user
    })
    .await?;
    let enabled = platform
        .auth
        .enable_totp(&who.0, &body.code, &origin(&req, &platform))
        .await?;
    Ok(HttpResponse::Ok().json(enabled))
}
