use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::groups::webhooks::{self, IncomingWebhook};
use uuid::Uuid;

refusals![
    MissingPermission = "a role without `manage_webhooks`",
    NotFound = "not a group of yours",
];

/// The group's incoming webhooks, oldest first (`manage_webhooks`; their URLs
/// are not shown again).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["webhooks"])),
    params(("id" = Uuid, Path, description = "the group")),
    responses(
        (status = OK, body = Items<IncomingWebhook>),
        Refusals,
    )
)]
#[get("/groups/{id}/webhooks")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list_incoming_webhooks(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    let items = webhooks::webhooks(&mut conn, who.0.user_id, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Items::from(items)))
}
