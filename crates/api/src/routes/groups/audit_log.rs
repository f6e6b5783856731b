use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::audit::{self, AuditAction, AuditFilter, AuditPage};
use confab_domain::error::ErrorCode;
use confab_domain::{Error, Platform};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only this action (`member_kicked`, `role_assigned`, ...).
    action: Option<String>,
    /// Only actions by this member.
    actor_id: Option<Uuid>,
    /// Only actions on this member.
    target_id: Option<Uuid>,
    /// Older than this entry: the previous page's `next_before`.
    before: Option<Uuid>,
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![
    InvalidQuery,
    InvalidLimit,
    MissingPermission = "your role lacks `view_audit_log`",
    NotFound = "not a group of yours",
];

/// The group's audit log, newest first: every moderation and settings action
/// with who did it, to whom, when and why. Needs `view_audit_log`.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group"), AuditQuery),
    responses(
        (status = OK, body = AuditPage),
        Refusals,
    )
)]
#[get("/groups/{id}/audit-log")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn audit_log(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let action = query
        .action
        .as_deref()
        .map(|name| {
            AuditAction::parse(name).ok_or_else(|| {
                Error::new(ErrorCode::InvalidQuery, format!("unknown action '{name}'"))
            })
        })
        .transpose()?;
    let filter = AuditFilter {
        action,
        actor: query.actor_id,
        target: query.target_id,
        before: query.before,
        limit: query.limit,
    };
    let mut conn = platform.conn().await?;
    let page = audit::list(&mut conn, who.0.user_id, id.into_inner(), filter).await?;
    Ok(HttpResponse::Ok().json(page))
}
