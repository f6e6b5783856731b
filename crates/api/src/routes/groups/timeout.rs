use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{AuditLogReason, Authenticated};
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, put, web};
use confab_domain::groups::{self, Member, TimeoutLength};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct TimeoutBody {
    /// How long: 60 seconds to 28 days.
    #[schema(minimum = 60, maximum = 2419200)]
    seconds: i64,
}

refusals![
    InvalidTimeout,
    InvalidReason,
    MissingPermission,
    InsufficientRank,
    NotFound = "not a group of yours, or not a member",
];

/// Time out a member ranked below you (`timeout_members`): they can read but
/// not send, edit, react, pin or type until it ends (by itself). Members get
/// `group.member_updated` with `timed_out_until`; the audit log records it.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(
        ("id" = Uuid, Path, description = "the group"),
        ("user_id" = Uuid, Path, description = "the member"),
        ("X-Audit-Log-Reason" = Option<String>, Header, description = "Why, for the audit log: 1-512 characters, percent-encoded UTF-8."),
    ),
    request_body = TimeoutBody,
    responses(
        (status = OK, body = Member),
        Refusals,
    )
)]
#[put("/groups/{id}/members/{user_id}/timeout")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn time_out(
    platform: web::Data<Platform>,
    who: Authenticated,
    reason: AuditLogReason,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<TimeoutBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, target) = path.into_inner();
    let length = TimeoutLength::parse(body.seconds)?;
    let member = write_tx!(platform, |c| groups::time_out(
        c,
        who.0.user_id,
        id,
        target,
        length,
        reason.0.as_ref()
    )
    .await);
    Ok(HttpResponse::Ok().json(member))
}

mod end {
    use super::*;

    refusals![
        InvalidReason,
        MissingPermission,
        InsufficientRank,
        NotFound = "not a group of yours, or not a member",
    ];

    /// End a member's timeout early (the same permission and rank as giving it).
    #[utoipa::path(
        tag = "groups",
        security(("bearer" = ["groups"])),
        params(
            ("id" = Uuid, Path, description = "the group"),
            ("user_id" = Uuid, Path, description = "the member"),
            ("X-Audit-Log-Reason" = Option<String>, Header, description = "Why, for the audit log: 1-512 characters, percent-encoded UTF-8."),
        ),
        responses(
            (status = OK, body = Member),
            Refusals,
        )
    )]
    #[delete("/groups/{id}/members/{user_id}/timeout")]
    #[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
    pub async fn end_timeout(
        platform: web::Data<Platform>,
        who: Authenticated,
        reason: AuditLogReason,
        path: web::Path<(Uuid, Uuid)>,
    ) -> Result<HttpResponse, ApiError> {
        let (id, target) = path.into_inner();
        let member = write_tx!(platform, |c| groups::end_timeout(
            c,
            who.0.user_id,
            id,
            target,
            reason.0.as_ref()
        )
        .await);
        Ok(HttpResponse::Ok().json(member))
    }
}

pub use end::end_timeout;
