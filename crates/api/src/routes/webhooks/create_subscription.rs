use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::events::EventType;
use confab_domain::webhooks::{self, CreatedSubscription, NewSubscription, Owner};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct CreateSubscriptionRequest {
    /// Where deliveries are POSTed: `http(s)`, a public address, at most 2048 characters.
    #[schema(max_length = 2048)]
    url: String,
    /// What to send. A group's subscription takes only the group's own events
    /// (its messages, info, members and roles).
    #[schema(value_type = Vec<EventType>, min_items = 1)]
    event_types: Vec<String>,
    /// Subscribe the group's events (`manage_webhooks`) instead of your own.
    group_id: Option<Uuid>,
}

refusals![
    InvalidWebhookUrl,
    ForbiddenDestination,
    InvalidEventTypes,
    MissingPermission = "a group role without `manage_webhooks`",
    NotFound = "not a group of yours",
    TooManyWebhooks,
];

/// Subscribe a URL to events: yours (everything your sockets would get), or a
/// group's. Each delivery is signed with the secret answered here, shown this
/// once (docs/api.md, "Webhooks").
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["webhooks"])),
    request_body = CreateSubscriptionRequest,
    responses(
        (status = CREATED, body = CreatedSubscription),
        Refusals,
    )
)]
#[post("/webhook-subscriptions")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn create_subscription(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<CreateSubscriptionRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let me = who.0.user_id;
    let new = NewSubscription {
        owner: body.group_id.map_or(Owner::User(me), Owner::Group),
        url: body.url,
        event_types: body.event_types,
    };
    let mut conn = platform.conn().await?;
    let created = webhooks::create(&mut conn, &platform.webhook_client, me, new).await?;
    tracing::info!(subscription_id = %created.subscription.id, "webhook subscription created");
    Ok(HttpResponse::Created().json(created))
}
