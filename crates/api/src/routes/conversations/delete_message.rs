use crate::error::ApiError;
use crate::extract::{AuditLogReason, Authenticated};
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::Platform;
use confab_domain::messages;
use confab_domain::write_tx;
use uuid::Uuid;

refusals![
    InvalidReason,
    NotAuthor,
    NotFound = "no such message in your conversations",
    MissingPermission,
    InsufficientRank,
];

/// Delete a message for everyone; it stays in history as a tombstone. Your
/// own, or in a group another's with `delete_messages` and a higher rank (the
/// group's audit log records it).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("message_id" = Uuid, Path, description = "the message"),
        ("X-Audit-Log-Reason" = Option<String>, Header, description = "A moderator's reason, for the group's audit log: 1-512 characters, percent-encoded UTF-8."),
    ),
    responses(
        (status = NO_CONTENT, description = "deleted"),
        Refusals,
    )
)]
#[delete("/conversations/{id}/messages/{message_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn delete_message(
    platform: web::Data<Platform>,
    who: Authenticated,
    reason: AuditLogReason,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, message) = path.into_inner();
    write_tx!(platform, |c| messages::delete(
        c,
        who.0.user_id,
        conversation,
        message,
        reason.0.as_ref()
    )
    .await);
    Ok(HttpResponse::NoContent().finish())
}
