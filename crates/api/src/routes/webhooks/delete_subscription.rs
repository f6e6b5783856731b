use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::Platform;
use confab_domain::webhooks;
use uuid::Uuid;

refusals![
    MissingPermission = "a group role without `manage_webhooks`",
    NotFound = "no subscription of yours (or your group's) has that id",
];

/// Delete a subscription; its pending deliveries are dropped.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["webhooks"])),
    params(("id" = Uuid, Path)),
    responses(
        (status = NO_CONTENT, description = "deleted"),
        Refusals,
    )
)]
#[delete("/webhook-subscriptions/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn delete_subscription(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    webhooks::delete(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
