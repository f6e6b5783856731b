use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::pagination::parse_limit;
use confab_domain::webhooks::{self, Delivery};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
pub struct DeliveriesQuery {
    /// 1–100, default 50.
    limit: Option<i64>,
}

refusals![
    InvalidQuery,
    InvalidLimit,
    MissingPermission = "a group role without `manage_webhooks`",
    NotFound = "no subscription of yours (or your group's) has that id",
];

/// The subscription's latest deliveries, newest first, each with its attempts
/// (status and latency); kept for a week.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["webhooks"])),
    params(("id" = Uuid, Path), DeliveriesQuery),
    responses(
        (status = OK, body = Items<Delivery>),
        Refusals,
    )
)]
#[get("/webhook-subscriptions/{id}/deliveries")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn deliveries(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    query: web::Query<DeliveriesQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = parse_limit(query.limit)?;
    let mut conn = platform.conn().await?;
    let items = webhooks::deliveries(&mut conn, who.0.user_id, id.into_inner(), limit).await?;
    Ok(HttpResponse::Ok().json(Items::from(items)))
}
