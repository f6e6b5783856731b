use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, delete, web};
use confab_domain::auth::DeletionProof;
use confab_domain::{Error as DomainError, Platform};
use serde::Deserialize;
use utoipa::ToSchema;

/// Exactly one proof that the owner is deleting the account.
#[derive(Deserialize, ToSchema)]
pub struct DeleteAccountRequest {
    /// The account's password.
    password: Option<String>,
    /// For an account of an external provider: an ID token of a fresh sign-in
    /// there (with a nonce from `POST /auth/oidc/nonce`).
    id_token: Option<String>,
    /// The code mailed by `POST /users/me/deletion-code`.
    email_code: Option<String>,
}

/// Delete the caller's account. The username becomes free; messages stay,
/// attributed to a deleted user; every login ends.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = NO_CONTENT, description = "deleted"),
        (status = BAD_REQUEST, body = confab_web::envelope::ErrorBody, description = "`invalid_body`: send exactly one of `password`, `id_token`, `email_code`"),
        (status = UNAUTHORIZED, body = confab_web::envelope::ErrorBody),
        (status = FORBIDDEN, body = confab_web::envelope::ErrorBody, description = "`wrong_password` (also for an account that has none), `wrong_identity`, `wrong_code`, `invalid_id_token` (or the ID token's own code: not fresh, not ours), `oidc_disabled`"),
        (status = GONE, body = confab_web::envelope::ErrorBody, description = "`link_used`, `link_expired`: the mailed code was used or expired"),
        (status = TOO_MANY_REQUESTS, body = confab_web::envelope::ErrorBody, description = "`rate_limited`: too many attempts for this account; see `Retry-After`"),
        (status = SERVICE_UNAVAILABLE, body = confab_web::envelope::ErrorBody, description = "`busy`: too many password checks running on the server; see `Retry-After`"),
    )
)]
#[delete("/users/me")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn delete_me(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: web::Json<DeleteAccountRequest>,
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
            return Err(DomainError::invalid(
                "invalid_body",
                "send exactly one of `password`, `id_token` and `email_code`",
            )
            .into());
        }
    };
    platform.auth.delete_account(&who.0, proof).await?;
    tracing::info!("account deleted");
    Ok(HttpResponse::NoContent().finish())
}

fn as_forbidden(error: DomainError) -> DomainError {
    match error {
        DomainError::Unauthenticated { code, message } => DomainError::Forbidden { code, message },
        other => other,
    }
}
