use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::groups::webhooks::{self, CreatedIncomingWebhook};
use confab_domain::users::DisplayName;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct CreateIncomingWebhookRequest {
    /// What its messages are signed with (the integration's display name).
    #[schema(schema_with = confab_domain::users::DisplayName::schema)]
    name: String,
}

refusals![
    InvalidDisplayName,
    MissingPermission = "a role without `manage_webhooks`",
    NotFound = "not a group of yours",
    TooManyWebhooks,
];

/// Make an incoming webhook (`manage_webhooks`): a URL that posts messages
/// into the group as a named integration, shown this once. Its account joins
/// the group with the default role and is marked as a bot.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["webhooks"])),
    params(("id" = Uuid, Path, description = "the group")),
    request_body = CreateIncomingWebhookRequest,
    responses(
        (status = CREATED, body = CreatedIncomingWebhook),
        Refusals,
    )
)]
#[post("/groups/{id}/webhooks")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn create_incoming_webhook(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<CreateIncomingWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let name = DisplayName::parse(&body.name)?;
    let mut conn = platform.write_conn().await?;
    let created = webhooks::create_webhook(&mut conn, who.0.user_id, id.into_inner(), name).await?;
    tracing::info!(webhook_id = %created.webhook.id, "incoming webhook created");
    Ok(HttpResponse::Created().json(created))
}
