use crate::error::ApiError;
use crate::extract::{Authenticated, Json};
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::admin::AdminUser;
use confab_domain::audit::AuditReason;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct AccountChange {
    /// Why, 1 to 512 characters: kept in the site audit log (and, for a
    /// disable, shown to administrators on the account).
    #[schema(min_length = 1, max_length = 512)]
    reason: String,
}

impl AccountChange {
    pub fn reason(&self) -> confab_domain::Result<AuditReason> {
        AuditReason::parse(&self.reason)
    }
}

refusals![
    InvalidReason,
    AdminOnly,
    NotFound = "no such account",
    CannotDisableSelf,
];

/// Disable an account: every login and access token of it ends at once (its
/// open sockets close with `session.revoked`), and it cannot log in
/// (`account_disabled`) until enabled again. Logged in the site audit log.
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
#[post("/admin/users/{id}/disable")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn disable_account(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<AccountChange>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.reason()?;
    let user = platform
        .auth
        .disable_account(who.0.user_id, id.into_inner(), &reason)
        .await?;
    Ok(HttpResponse::Ok().json(user))
}
