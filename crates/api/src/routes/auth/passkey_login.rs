use crate::devices::LoginAttempt;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::origin;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::passkeys::PublicKeyCredential;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct PasskeyLoginRequest {
    /// From `POST /auth/passkey/options`.
    ceremony_id: Uuid,
    /// What `navigator.credentials.get()` answered (binary fields
    /// base64url-encoded).
    #[schema(value_type = Object)]
    credential: serde_json::Value,
}

refusals![
    AccountDisabled,
    InvalidCeremony,
    InvalidPasskey,
    PasskeysDisabled,
    EmailNotVerified,
    RateLimited,
];

/// Log in with a passkey alone (no username, no password, no second step:
/// the authenticator verified its user).
#[utoipa::path(
    tag = "auth",
    request_body = PasskeyLoginRequest,
    responses(
        (status = OK, body = super::AuthResponse),
        Refusals,
    )
)]
#[post("/auth/passkey")]
#[tracing::instrument(skip_all)]
pub async fn passkey_login(
    platform: web::Data<Platform>,
    body: Json<PasskeyLoginRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "login_ip", |l| l.login_per_ip).await?;
    let origin = origin(&req, &platform);
    let (user, tokens) = platform
        .auth
        .finish_passkey_login(
            body.ceremony_id,
            &crate::body::credential::<PublicKeyCredential>(
                &body.credential,
                confab_domain::error::ErrorCode::InvalidPasskey,
            )?,
            &origin,
        )
        .await?;
    let attempt = LoginAttempt::new(&platform, &req, &user.username);
    Ok(super::logged_in(&platform, &req, &attempt, &origin, user, tokens).await)
}
