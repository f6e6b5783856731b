use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, delete, web};
use confab_domain::Platform;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct DeleteAccountRequest {
    password: String,
}

/// Delete the caller's account (the password confirms it). The username becomes
/// free; messages stay, attributed to a deleted user.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = NO_CONTENT, description = "deleted"),
        (status = FORBIDDEN, body = confab_web::envelope::ErrorBody, description = "`wrong_password`"),
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
    platform.auth.delete_account(&who.0, &body.password).await?;
    tracing::info!("account deleted");
    Ok(HttpResponse::NoContent().finish())
}
