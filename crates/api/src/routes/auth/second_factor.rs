use crate::devices::LoginAttempt;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::origin;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::auth::SecondFactor;
use confab_domain::auth::passkeys::PublicKeyCredential;
use confab_domain::error::ErrorCode;
use confab_domain::{Error as DomainError, Platform};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize)]
pub struct SecondFactorRequest {
    /// From the `202` answer of `POST /auth/login`.
    challenge: String,
    /// A 6-digit code of the authenticator app (one step, 30 s, either side
    /// of now is accepted; each code works once).
    code: Option<String>,
    /// Or one of the account's recovery codes (spent).
    recovery_code: Option<String>,
    /// Or the answer to the passkey prompt of
    /// `POST /auth/login/second-factor/passkey-options`.
    passkey: Option<PasskeyAnswer>,
}

#[derive(Deserialize)]
pub struct PasskeyAnswer {
    pub ceremony_id: Uuid,
    pub credential: serde_json::Value,
}

impl utoipa::PartialSchema for SecondFactorRequest {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use serde_json::json;
        let text = |description: &str| json!({"type": "string", "description": description});
        crate::body::exactly_one_of_besides(
            "The challenge, and exactly one of a code, a recovery code or a passkey's answer.",
            &[(
                "challenge",
                text("From the `202` answer of `POST /auth/login`."),
            )],
            &[
                (
                    "code",
                    text("A 6-digit code of the authenticator app (each works once)."),
                ),
                (
                    "recovery_code",
                    text("One of the account's recovery codes (spent)."),
                ),
                (
                    "passkey",
                    json!({
                        "type": "object",
                        "description": "The answer to the prompt of `POST /auth/login/second-factor/passkey-options`.",
                        "required": ["ceremony_id", "credential"],
                        "properties": {
                            "ceremony_id": {"type": "string", "format": "uuid"},
                            "credential": {"type": "object", "description": "What `navigator.credentials.get()` answered (binary fields base64url-encoded)."},
                        },
                    }),
                ),
            ],
        )
    }
}

impl ToSchema for SecondFactorRequest {}

refusals![
    AccountDisabled,
    InvalidBody,
    InvalidCeremony = "the passkey prompt expired or was answered",
    InvalidSecondFactor = "wrong, expired or used code",
    InvalidChallenge = "expired or finished: log in again",
    RateLimited,
    InvalidPasskey,
];

/// The second login step: a one-time code (or a recovery code) for the
/// challenge a right password got. Opens the login.
#[utoipa::path(
    tag = "auth",
    request_body = SecondFactorRequest,
    responses(
        (status = OK, body = super::AuthResponse),
        Refusals,
    )
)]
#[post("/auth/login/second-factor")]
#[tracing::instrument(skip_all)]
pub async fn second_factor(
    platform: web::Data<Platform>,
    body: Json<SecondFactorRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "recovery_ip", |l| {
        l.recovery_attempts_per_ip
    })
    .await?;
    let body = body.into_inner();
    let factor = match (&body.code, &body.recovery_code, &body.passkey) {
        (Some(code), None, None) => SecondFactor::Totp(code),
        (None, Some(code), None) => SecondFactor::RecoveryCode(code),
        (None, None, Some(answer)) => SecondFactor::Passkey {
            ceremony_id: answer.ceremony_id,
            credential: &crate::body::credential::<PublicKeyCredential>(
                &answer.credential,
                confab_domain::error::ErrorCode::InvalidPasskey,
            )?,
        },
        _ => {
            return Err(DomainError::new(
                ErrorCode::InvalidBody,
                "send exactly one of `code`, `recovery_code` and `passkey`",
            )
            .into());
        }
    };
    // Attempts count per account, whichever challenge they come with.
    if let Some(user) = platform.auth.challenge_owner(&body.challenge).await? {
        crate::limits::per_user(&platform, user, "second_factor", |l| {
            l.recovery_attempts_per_user
        })
        .await?;
    }
    let origin = origin(&req, &platform);
    let (user, tokens) = platform
        .auth
        .complete_second_factor(&body.challenge, factor, &origin)
        .await?;
    let attempt = LoginAttempt::new(&platform, &req, &user.username);
    Ok(super::logged_in(&platform, &req, &attempt, &origin, user, tokens).await)
}
