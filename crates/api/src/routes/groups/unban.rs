use crate::error::ApiError;
use crate::extract::{AuditLogReason, Authenticated};
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::groups;
use confab_domain::{Platform, write_tx};
use uuid::Uuid;

refusals![
    InvalidReason,
    MissingPermission,
    NotFound = "not a group of yours, or not banned",
    InsufficientRank,
];

/// Lift a ban (`ban_members`).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(
        ("id" = Uuid, Path, description = "the group"),
        ("user_id" = Uuid, Path, description = "the user"),
        ("X-Audit-Log-Reason" = Option<String>, Header, description = "Why, for the audit log: 1-512 characters, percent-encoded UTF-8."),
    ),
    responses(
        (status = NO_CONTENT, description = "unbanned"),
        Refusals,
    )
)]
#[delete("/groups/{id}/bans/{user_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn unban(
    platform: web::Data<Platform>,
    who: Authenticated,
    reason: AuditLogReason,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, target) = path.into_inner();
    write_tx!(platform, |c| groups::unban(
        c,
        who.0.user_id,
        id,
        target,
        reason.0.as_ref()
    )
    .await);
    Ok(HttpResponse::NoContent().finish())
}
