use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::auth::DeletionProof;
use confab_domain::error::ErrorCode;
use confab_domain::{Error as DomainError, Platform};
use serde::Deserialize;
use utoipa::ToSchema;

/// Exactly one proof that the owner is deleting the account.
#[derive(Deserialize)]
pub struct DeleteAccountRequest {
    /// The account's password.
    password: Option<String>,
    /// For an account of an external provider: an ID token of a fresh sign-in
    /// there (with a nonce from `POST /auth/oidc/nonce`).
    id_token: Option<String>,
    /// The code mailed by `POST /users/me/deletion-code`.
    email_code: Option<String>,
}

impl utoipa::PartialSchema for DeleteAccountRequest {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        let text =
            |description: &str| serde_json::json!({"type": "string", "description": description});
        crate::body::exactly_one_of(
            "Exactly one proof that the owner is deleting the account.",
            &[
                ("password", text("The account's password.")),
                (
                    "id_token",
                    text(
                        "For an account of an external provider: an ID token of a fresh sign-in there (with a nonce from `POST /auth/oidc/nonce`).",
                    ),
                ),
                (
                    "email_code",
                    text("The code mailed by `POST /users/me/deletion-code`."),
                ),
            ],
        )
    }
}

impl ToSchema for DeleteAccountRequest {}

refusals![
    InvalidBody,
    WrongPassword = "also for an account that has none",
    WrongIdentity,
    WrongCode,
    OidcDisabled,
    LinkUsed,
    LinkExpired,
    RateLimited,
    Busy,
];

/// Delete the caller's account. The username becomes free; messages stay,
/// attributed to a deleted user; every login ends.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = NO_CONTENT, description = "deleted"),
        Refusals,
    )
)]
#[delete("/users/me")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn delete_me(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<DeleteAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_user(&platform, who.0.user_id, "account_deletion", |l| {
        l.account_deletions_per_user
    })
    .await?;
    let body = body.into_inner();
    let claims;
    let proof = match (&body.password, &body.id_token, &body.email_code) {
        (Some(password), None, None) => DeletionProof::Password(password),
        (None, Some(id_token), None) => {
            // A bad ID token is a failed proof, not a failed login: 403, so
            // clients do not take it for an expired access token.
            claims = platform.oidc.verify(id_token).await.map_err(as_forbidden)?;
            platform
                .oidc_nonces
                .spend(&claims)
                .await
                .map_err(as_forbidden)?;
            DeletionProof::Provider {
                issuer: &claims.iss,
                subject: &claims.sub,
            }
        }
        (None, None, Some(code)) => DeletionProof::EmailCode(code),
        _ => {
            return Err(DomainError::new(
                ErrorCode::InvalidBody,
                "send exactly one of `password`, `id_token` and `email_code`",
            )
            .into());
        }
    };
    platform.auth.delete_account(&who.0, proof).await?;
    tracing::info!("account deleted");
    Ok(HttpResponse::NoContent().finish())
}

/// A signed-in caller's bad proof is a refusal (403), not a failed login (401).
fn as_forbidden(error: DomainError) -> DomainError {
    match error {
        DomainError::Refused { code, message } if code.status() == 401 => {
            DomainError::new(ErrorCode::WrongIdentity, message)
        }
        other => other,
    }
}
