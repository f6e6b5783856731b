use crate::devices::LoginAttempt;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::origin;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::LoginOutcome;
use confab_domain::auth::challenges::CHALLENGE_TTL_SECS;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    username: String,
    password: String,
}

refusals![
    AccountDisabled,
    InvalidCredentials,
    EmailNotVerified,
    RateLimited = "too many attempts from this address, or too many failures for this account from this address or from unknown devices; a device that logged in to the account before is never locked out",
];

/// Log in with username and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = OK, body = super::AuthResponse),
        (status = ACCEPTED, body = SecondFactorRequired, description = "the password is right and the account has a second factor: no tokens yet"),
        Refusals,
    )
)]
#[post("/auth/login")]
#[tracing::instrument(skip_all)]
pub async fn login(
    platform: web::Data<Platform>,
    body: Json<LoginRequest>,
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
    if let Err(e) = &outcome
        && e.code().status() == 401
    {
        attempt.failed(&platform).await;
    }
    match outcome? {
        LoginOutcome::LoggedIn(user, tokens) => {
            Ok(super::logged_in(&platform, &req, &attempt, &origin, user, tokens).await)
        }
        LoginOutcome::SecondFactorRequired {
            user,
            challenge,
            methods,
        } => {
            tracing::info!(user_id = %user.id, "password accepted; second factor asked for");
            Ok(HttpResponse::Accepted().json(SecondFactorRequired {
                challenge,
                methods: methods.into_iter().map(str::to_owned).collect(),
                expires_in: CHALLENGE_TTL_SECS,
            }))
        }
    }
}

/// The password was right; the login opens once a second factor is given
/// (`POST /auth/login/second-factor`).
#[derive(Serialize, Deserialize, ToSchema)]
pub struct SecondFactorRequired {
    /// Send it with the code; it works once, for `expires_in` seconds.
    pub challenge: String,
    #[schema(schema_with = methods)]
    pub methods: Vec<String>,
    pub expires_in: u64,
}

fn methods() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(confab_domain::text::one_of(
            "`totp` (a code of the authenticator app), `recovery_code`, `passkey` (when it has one: `POST /auth/login/second-factor/passkey-options` first).",
            &["totp", "recovery_code", "passkey"],
        ))
        .description(Some("What the account accepts."))
        .build()
}
