use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::webhooks::{self, Owner, Subscription};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct ListSubscriptionsQuery {
    /// A group's subscriptions (`manage_webhooks`) instead of your own.
    group_id: Option<Uuid>,
}

refusals![
    InvalidQuery,
    MissingPermission = "a group role without `manage_webhooks`",
    NotFound = "not a group of yours",
];

/// Your webhook subscriptions, or a group's, oldest first.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["webhooks"])),
    params(ListSubscriptionsQuery),
    responses(
        (status = OK, body = Items<Subscription>),
        Refusals,
    )
)]
#[get("/webhook-subscriptions")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list_subscriptions(
    platform: web::Data<Platform>,
    who: Authenticated,
    query: web::Query<ListSubscriptionsQuery>,
) -> Result<HttpResponse, ApiError> {
    let me = who.0.user_id;
    let owner = query.group_id.map_or(Owner::User(me), Owner::Group);
    let mut conn = platform.conn().await?;
    let items = webhooks::list(&mut conn, me, owner).await?;
    Ok(HttpResponse::Ok().json(Items::from(items)))
}
