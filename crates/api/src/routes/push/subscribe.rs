use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::push::{self, PushSubscription};
use confab_domain::{Platform, fetch, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;

/// A browser's `PushSubscription.toJSON()`.
#[derive(Deserialize, ToSchema)]
pub struct SubscribeBody {
    /// The push service URL the browser was given.
    #[schema(max_length = 2048)]
    endpoint: String,
    keys: SubscriptionKeys,
}

#[derive(Deserialize, ToSchema)]
pub struct SubscriptionKeys {
    /// The browser's P-256 public key, base64url.
    #[schema(max_length = 200)]
    p256dh: String,
    /// The browser's 16-byte authentication secret, base64url.
    #[schema(max_length = 100)]
    auth: String,
}

refusals![
    PushDisabled,
    InvalidWebhookUrl = "the endpoint is not an absolute http(s) URL",
    ForbiddenDestination = "the endpoint's host is not public",
    InvalidPushSubscription,
    RateLimited,
];

/// Subscribe this browser (this login) to push notifications: DMs, mentions,
/// friend requests and group invitations, as your notification levels say,
/// while no tab of yours is open. Logging out ends it. Subscribing an
/// endpoint again, from any account, takes it over.
#[utoipa::path(
    tag = "push",
    security(("bearer" = ["login"])),
    request_body = SubscribeBody,
    responses(
        (status = CREATED, body = PushSubscription),
        Refusals,
    )
)]
#[post("/push/subscriptions")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn subscribe(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<SubscribeBody>,
) -> Result<HttpResponse, ApiError> {
    super::vapid(&platform)?;
    let (me, session) = (who.0.user_id, who.0.session_id);
    crate::limits::per_user(&platform, me, "preferences", |l| {
        l.preference_changes_per_user
    })
    .await?;
    let body = body.into_inner();
    let endpoint = fetch::parse_url(&body.endpoint)?;
    platform.push_client.check_reachable(&endpoint).await?;
    let saved = write_tx!(platform, |c| {
        push::subscribe(
            c,
            me,
            session,
            &endpoint,
            &body.keys.p256dh,
            &body.keys.auth,
        )
        .await
    });
    Ok(HttpResponse::Created().json(saved))
}
