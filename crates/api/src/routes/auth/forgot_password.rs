use crate::error::ApiError;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::users::Email;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct ForgotPasswordRequest {
    #[schema(schema_with = confab_domain::users::Email::schema)]
    email: String,
}

refusals![InvalidEmail, EmailDisabled, RateLimited];

/// Ask for a password reset link. If a live account confirmed this email, the
/// link is mailed to it (valid once, for 30 minutes by default). The answer is
/// the same whether or not the address is known.
#[utoipa::path(
    tag = "auth",
    request_body = ForgotPasswordRequest,
    responses(
        (status = ACCEPTED, description = "a link was mailed if the address belongs to an account"),
        Refusals,
    )
)]
#[post("/auth/password/forgot")]
#[tracing::instrument(skip_all)]
pub async fn forgot_password(
    platform: web::Data<Platform>,
    body: Json<ForgotPasswordRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "mail_ip", |l| l.mail_requests_per_ip).await?;
    let email = Email::parse(&body.email)?;
    crate::limits::per_key(
        &platform,
        &email.as_str().to_lowercase(),
        "mail_address",
        |l| l.mail_requests_per_user,
    )
    .await?;
    platform.auth.forgot_password(email.into_inner())?;
    Ok(HttpResponse::Accepted().finish())
}
