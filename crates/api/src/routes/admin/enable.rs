use super::disable::AccountChange;
use crate::error::ApiError;
use crate::extract::{Authenticated, Json};
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::admin::AdminUser;
use uuid::Uuid;

refusals![InvalidReason, AdminOnly, NotFound = "no such account"];

/// Enable a disabled account: it may log in again. Logged in the site audit
/// log.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = ["login"])),
    params(("id" = Uuid, Path, description = "the account")),
    request_body = AccountChange,
    responses(
        (status = OK, body = AdminUser),
        Refusals,
    )
)]
#[post("/admin/users/{id}/enable")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn enable_account(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<AccountChange>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.reason()?;
    let user = platform
        .auth
        .enable_account(who.0.user_id, id.into_inner(), &reason)
        .await?;
    Ok(HttpResponse::Ok().json(user))
}
