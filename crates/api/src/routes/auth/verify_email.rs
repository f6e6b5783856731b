use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::origin;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, Utc};
use confab_domain::Platform;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct VerifyEmailRequest {
    /// The `token` of the mailed link (`/verify-email#token=...`).
    token: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct EmailVerified {
    pub user_id: Uuid,
    pub email: String,
    pub email_verified_at: DateTime<Utc>,
}

refusals![
    InvalidLink,
    EmailTaken,
    LinkUsed,
    LinkExpired,
    LinkStale = "the account's email changed since",
    RateLimited,
];

/// Confirm an email with the link mailed to it. Needs no login: the link may
/// be opened on another device.
#[utoipa::path(
    tag = "auth",
    request_body = VerifyEmailRequest,
    responses(
        (status = OK, body = EmailVerified),
        Refusals,
    )
)]
#[post("/auth/email/verify")]
#[tracing::instrument(skip_all)]
pub async fn verify_email(
    platform: web::Data<Platform>,
    body: Json<VerifyEmailRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "recovery_ip", |l| {
        l.recovery_attempts_per_ip
    })
    .await?;
    let user = platform
        .auth
        .verify_email(&body.token, &origin(&req, &platform))
        .await?;
    tracing::info!(user_id = %user.id, "email verified");
    Ok(HttpResponse::Ok().json(EmailVerified {
        user_id: user.id,
        email: user.email.unwrap_or_default(),
        email_verified_at: user.email_verified_at.unwrap_or_else(Utc::now),
    }))
}
