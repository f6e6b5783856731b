use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::RecoveryCodes;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct NewRecoveryCodesRequest {
    /// The account's password (ignored for an account made by an external
    /// provider, which has none).
    #[serde(default)]
    password: String,
}

refusals![WrongPassword, RateLimited, Busy];

/// Make ten new recovery codes, shown this once; any earlier codes stop
/// working.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = NewRecoveryCodesRequest,
    responses(
        (status = CREATED, body = RecoveryCodes),
        Refusals,
    )
)]
#[post("/users/me/recovery-codes")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn new_recovery_codes(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<NewRecoveryCodesRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_user(&platform, who.0.user_id, "password_change", |l| {
        l.password_changes_per_user
    })
    .await?;
    let codes = platform
        .auth
        .generate_recovery_codes(&who.0, &body.password, &origin(&req, &platform))
        .await?;
    Ok(HttpResponse::Created().json(codes))
}
