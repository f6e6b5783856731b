use crate::error::ApiError;
use crate::extract::{AUDIT_REASON_HEADER, AuditLogReason, Authenticated};
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::error::ErrorCode;
use confab_domain::{Error, Platform, admin, write_tx};
use uuid::Uuid;

refusals![
    InvalidReason = "missing, or not 1 to 512 characters",
    AdminOnly,
    NotFound = "no such group",
];

/// Delete any group, with its history, for everyone (members hear
/// `group.deleted`). The reason is required, in `X-Audit-Log-Reason`
/// (percent-encoded UTF-8), and kept with the group's name in the site
/// audit log.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = ["login"])),
    params(
        ("id" = Uuid, Path, description = "the group"),
        ("X-Audit-Log-Reason" = String, Header, description = "why (required)"),
    ),
    responses(
        (status = NO_CONTENT),
        Refusals,
    )
)]
#[delete("/admin/groups/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn admin_delete_group(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    reason: AuditLogReason,
) -> Result<HttpResponse, ApiError> {
    let reason = reason.0.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidReason,
            format!("say why in the {AUDIT_REASON_HEADER} header"),
        )
    })?;
    let (me, id) = (who.0.user_id, id.into_inner());
    write_tx!(platform, |c| {
        admin::require_admin(c, me).await?;
        admin::delete_group(c, me, id, &reason).await
    });
    Ok(HttpResponse::NoContent().finish())
}
