use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;

refusals![EmailDisabled, NoEmail, EmailAlreadyVerified, RateLimited];

/// Mail a new link to confirm the caller's email.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = ACCEPTED, description = "a link is on its way"),
        Refusals,
    )
)]
#[post("/users/me/email/verification")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn resend_verification(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_user(&platform, who.0.user_id, "mail_user", |l| {
        l.mail_requests_per_user
    })
    .await?;
    platform.auth.resend_verification(&who.0).await?;
    Ok(HttpResponse::Accepted().finish())
}
