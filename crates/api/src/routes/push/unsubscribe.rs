use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, delete, web};
use confab_domain::{Platform, push};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct UnsubscribeBody {
    /// The endpoint the browser subscribed with.
    #[schema(max_length = 2048)]
    endpoint: String,
}

refusals![NotFound = "no subscription of yours has that endpoint"];

/// Stop pushes to this browser (it unsubscribed, or push was turned off in settings).
#[utoipa::path(
    tag = "push",
    security(("bearer" = ["login"])),
    request_body = UnsubscribeBody,
    responses(
        (status = NO_CONTENT, description = "unsubscribed"),
        Refusals,
    )
)]
#[delete("/push/subscriptions")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn unsubscribe(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<UnsubscribeBody>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.conn().await?;
    push::unsubscribe(&mut conn, who.0.user_id, &body.endpoint).await?;
    Ok(HttpResponse::NoContent().finish())
}
