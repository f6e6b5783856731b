use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::Platform;
use confab_domain::groups::webhooks;
use uuid::Uuid;

refusals![
    MissingPermission = "a role without `manage_webhooks`",
    NotFound = "not a group of yours, or no such webhook in it",
];

/// Delete an incoming webhook (`manage_webhooks`): its URL stops working at
/// once and its account leaves the group; its messages stay.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["webhooks"])),
    params(
        ("id" = Uuid, Path, description = "the group"),
        ("webhook_id" = Uuid, Path),
    ),
    responses(
        (status = NO_CONTENT, description = "deleted"),
        Refusals,
    )
)]
#[delete("/groups/{id}/webhooks/{webhook_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn delete_incoming_webhook(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (group, id) = path.into_inner();
    let mut conn = platform.write_conn().await?;
    webhooks::delete_webhook(&mut conn, who.0.user_id, group, id).await?;
    Ok(HttpResponse::NoContent().finish())
}
