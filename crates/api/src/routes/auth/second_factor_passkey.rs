use crate::error::ApiError;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::passkeys::PasskeyCeremony;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct PasskeyOptionsRequest {
    /// From the `202` answer of `POST /auth/login`.
    challenge: String,
}

refusals![InvalidChallenge, PasskeysDisabled, NoPasskeys, RateLimited];

/// A passkey prompt for the second login step (the account's passkeys).
/// Answer it with `POST /auth/login/second-factor` and `passkey`.
#[utoipa::path(
    tag = "auth",
    request_body = PasskeyOptionsRequest,
    responses(
        (status = CREATED, body = PasskeyCeremony),
        Refusals,
    )
)]
#[post("/auth/login/second-factor/passkey-options")]
#[tracing::instrument(skip_all)]
pub async fn second_factor_passkey(
    platform: web::Data<Platform>,
    body: Json<PasskeyOptionsRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "login_ip", |l| l.login_per_ip).await?;
    Ok(HttpResponse::Created().json(
        platform
            .auth
            .start_passkey_second_factor(&body.challenge)
            .await?,
    ))
}
