use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;

refusals![EmailDisabled, NoVerifiedEmail, RateLimited];

/// Mail a six-digit code (valid 15 minutes) to the caller's confirmed email,
/// to confirm deleting the account with `email_code`: for accounts without a
/// password.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = ACCEPTED, description = "the code is on its way"),
        Refusals,
    )
)]
#[post("/users/me/deletion-code")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn deletion_code(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_user(&platform, who.0.user_id, "mail_user", |l| {
        l.mail_requests_per_user
    })
    .await?;
    platform.auth.request_deletion_code(&who.0).await?;
    Ok(HttpResponse::Accepted().finish())
}
