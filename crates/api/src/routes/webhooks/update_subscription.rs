use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, patch, web};
use confab_domain::Platform;
use confab_domain::events::EventType;
use confab_domain::webhooks::{self, Subscription, SubscriptionChanges};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct UpdateSubscriptionRequest {
    #[schema(max_length = 2048)]
    url: Option<String>,
    #[schema(value_type = Option<Vec<EventType>>, min_items = 1)]
    event_types: Option<Vec<String>>,
    /// `true` enables a disabled subscription (deliveries resume with new
    /// events); `false` disables it.
    enabled: Option<bool>,
}

refusals![
    InvalidWebhookUrl,
    ForbiddenDestination,
    InvalidEventTypes,
    MissingPermission = "a group role without `manage_webhooks`",
    NotFound = "no subscription of yours (or your group's) has that id",
];

/// Change a subscription's URL or event types, or enable or disable it.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["webhooks"])),
    params(("id" = Uuid, Path)),
    request_body = UpdateSubscriptionRequest,
    responses(
        (status = OK, body = Subscription),
        Refusals,
    )
)]
#[patch("/webhook-subscriptions/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn update_subscription(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<UpdateSubscriptionRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let changes = SubscriptionChanges {
        url: body.url,
        event_types: body.event_types,
        enabled: body.enabled,
    };
    let mut conn = platform.conn().await?;
    let updated = webhooks::update(
        &mut conn,
        &platform.webhook_client,
        who.0.user_id,
        id.into_inner(),
        changes,
    )
    .await?;
    Ok(HttpResponse::Ok().json(updated))
}
