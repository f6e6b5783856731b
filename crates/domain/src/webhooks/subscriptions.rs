//! Managing subscriptions and reading their delivery logs. A user's are theirs
//! alone; a group's are managed by members whose role has `manage_webhooks`.

use super::{MAX_SUBSCRIPTIONS, subscribable};
use crate::access::permissions::Action;
use crate::error::{Error, ErrorCode, Result};
use crate::events::EventType;
use crate::fetch::{self, PublicClient};
use crate::schema::{webhook_attempts, webhook_deliveries, webhook_subscriptions};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Whose events a subscription receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    User(Uuid),
    Group(Uuid),
}

/// A subscription as its owner sees it (the secret is shown only at creation).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Subscription {
    pub id: Uuid,
    /// The user whose events it receives; null for a group's.
    pub user_id: Option<Uuid>,
    /// The group whose events it receives; null for a user's.
    pub group_id: Option<Uuid>,
    pub url: String,
    #[schema(value_type = Vec<EventType>)]
    pub event_types: Vec<String>,
    pub created_at: DateTime<Utc>,
    /// Set when deliveries kept failing for the whole retry window (or by
    /// hand); nothing is sent until it is enabled again.
    pub disabled_at: Option<DateTime<Utc>>,
    pub disabled_reason: Option<String>,
}

/// A new subscription with its signing secret, shown this once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedSubscription {
    pub subscription: Subscription,
    /// `whsec_...`: the HMAC-SHA256 key of the `Confab-Signature` header.
    pub secret: String,
}

pub struct NewSubscription {
    pub owner: Owner,
    pub url: String,
    pub event_types: Vec<String>,
}

/// What a change may touch; `None` keeps it.
pub struct SubscriptionChanges {
    pub url: Option<String>,
    pub event_types: Option<Vec<String>>,
    /// `true` enables (and forgets why it was disabled); `false` disables.
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its next attempt.
    Pending,
    Delivered,
    /// Gave up: the retry window ended, or its subscription was disabled.
    Failed,
}

/// One event's delivery to one subscription, with every attempt.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    /// Also the body's `id` and the `Confab-Delivery` header: the same on every retry.
    pub id: Uuid,
    #[schema(value_type = EventType)]
    pub event_type: String,
    pub created_at: DateTime<Utc>,
    pub state: DeliveryState,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub attempts: Vec<DeliveryAttempt>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeliveryAttempt {
    pub attempt: i32,
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status; null when no answer came.
    pub status: Option<i32>,
    pub latency_ms: i32,
    /// Why it failed, when it did.
    pub error: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = webhook_subscriptions)]
struct Row {
    id: Uuid,
    user_id: Option<Uuid>,
    group_id: Option<Uuid>,
    url: String,
    event_types: Vec<String>,
    created_at: DateTime<Utc>,
    disabled_at: Option<DateTime<Utc>>,
    disabled_reason: Option<String>,
}

impl From<Row> for Subscription {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            user_id: r.user_id,
            group_id: r.group_id,
            url: r.url,
            event_types: r.event_types,
            created_at: r.created_at,
            disabled_at: r.disabled_at,
            disabled_reason: r.disabled_reason,
        }
    }
}

/// Checks the event types against what the owner may subscribe to; sorted, once each.
fn parse_event_types(names: Vec<String>, for_group: bool) -> Result<Vec<String>> {
    let allowed: Vec<EventType> = subscribable(for_group).collect();
    let mut types = Vec::with_capacity(names.len());
    for name in names {
        match EventType::parse(&name) {
            Some(t) if allowed.contains(&t) => types.push(t.as_str().to_owned()),
            Some(_) => {
                return Err(Error::new(
                    ErrorCode::InvalidEventTypes,
                    format!("'{name}' is not an event of a group"),
                ));
            }
            None => {
                return Err(Error::new(
                    ErrorCode::InvalidEventTypes,
                    format!("unknown event type '{name}'"),
                ));
            }
        }
    }
    types.sort();
    types.dedup();
    if types.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidEventTypes,
            "name at least one event type",
        ));
    }
    Ok(types)
}

/// Parses the URL and checks where it leads, as a delivery will.
async fn checked_url(client: &PublicClient, raw: &str) -> Result<String> {
    let url = fetch::parse_url(raw)?;
    client.check_reachable(&url).await?;
    Ok(url.to_string())
}

/// `me` may manage the owner's subscriptions; for a group, answers its conversation.
async fn authorize(conn: &mut AsyncPgConnection, me: Uuid, owner: Owner) -> Result<Option<Uuid>> {
    match owner {
        Owner::User(user) if user == me => Ok(None),
        Owner::User(_) => Err(Error::not_found("webhook subscription")),
        Owner::Group(group) => {
            crate::groups::webhooks::authorize(conn, me, group, Action::ManageWebhooks)
                .await
                .map(Some)
        }
    }
}

/// The subscription, if `me` may manage it (else "not found").
async fn managed(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<Row> {
    let row: Row = webhook_subscriptions::table
        .find(id)
        .select(Row::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or_else(|| Error::not_found("webhook subscription"))?;
    let owner = match (row.user_id, row.group_id) {
        (Some(user), _) => Owner::User(user),
        (None, Some(group)) => Owner::Group(group),
        (None, None) => return Err(Error::not_found("webhook subscription")),
    };
    authorize(conn, me, owner).await?;
    Ok(row)
}

/// `whsec_` and 256 random bits in hex.
fn new_secret() -> String {
    let random: [u8; 32] = rand::random();
    format!("whsec_{}", hex::encode(random))
}

pub async fn create(
    conn: &mut AsyncPgConnection,
    client: &PublicClient,
    me: Uuid,
    new: NewSubscription,
) -> Result<CreatedSubscription> {
    let for_group = matches!(new.owner, Owner::Group(_));
    let event_types = parse_event_types(new.event_types, for_group)?;
    let url = checked_url(client, &new.url).await?;
    conn.transaction::<_, Error, _>(async |conn| {
        let conversation = authorize(conn, me, new.owner).await?;
        let (user_id, group_id) = match new.owner {
            Owner::User(u) => (Some(u), None),
            Owner::Group(g) => (None, Some(g)),
        };
        let same_owner = webhook_subscriptions::table.into_boxed();
        let same_owner = match new.owner {
            Owner::User(u) => same_owner.filter(webhook_subscriptions::user_id.eq(u)),
            Owner::Group(g) => same_owner.filter(webhook_subscriptions::group_id.eq(g)),
        };
        let existing: i64 = same_owner.count().get_result(conn).await?;
        if existing >= MAX_SUBSCRIPTIONS {
            return Err(Error::new(
                ErrorCode::TooManyWebhooks,
                format!("at most {MAX_SUBSCRIPTIONS} subscriptions; delete one first"),
            ));
        }
        let secret = new_secret();
        let row: Row = diesel::insert_into(webhook_subscriptions::table)
            .values((
                webhook_subscriptions::id.eq(Uuid::now_v7()),
                webhook_subscriptions::user_id.eq(user_id),
                webhook_subscriptions::group_id.eq(group_id),
                webhook_subscriptions::conversation_id.eq(conversation),
                webhook_subscriptions::created_by.eq(me),
                webhook_subscriptions::url.eq(&url),
                webhook_subscriptions::secret.eq(&secret),
                webhook_subscriptions::event_types.eq(&event_types),
            ))
            .returning(Row::as_returning())
            .get_result(conn)
            .await?;
        Ok(CreatedSubscription {
            subscription: row.into(),
            secret,
        })
    })
    .await
}

/// The owner's subscriptions, oldest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    owner: Owner,
) -> Result<Vec<Subscription>> {
    authorize(conn, me, owner).await?;
    let query = webhook_subscriptions::table
        .order(webhook_subscriptions::created_at.asc())
        .select(Row::as_select())
        .into_boxed();
    let query = match owner {
        Owner::User(u) => query.filter(webhook_subscriptions::user_id.eq(u)),
        Owner::Group(g) => query.filter(webhook_subscriptions::group_id.eq(g)),
    };
    Ok(query
        .load::<Row>(conn)
        .await?
        .into_iter()
        .map(Subscription::from)
        .collect())
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    client: &PublicClient,
    me: Uuid,
    id: Uuid,
    changes: SubscriptionChanges,
) -> Result<Subscription> {
    let url = match &changes.url {
        Some(raw) => Some(checked_url(client, raw).await?),
        None => None,
    };
    conn.transaction::<_, Error, _>(async |conn| {
        let row = managed(conn, me, id).await?;
        let event_types = changes
            .event_types
            .map(|names| parse_event_types(names, row.group_id.is_some()))
            .transpose()?;
        let (disabled_at, disabled_reason) = match changes.enabled {
            None => (row.disabled_at, row.disabled_reason),
            Some(true) => (None, None),
            Some(false) if row.disabled_at.is_some() => (row.disabled_at, row.disabled_reason),
            Some(false) => (Some(Utc::now()), Some("disabled by hand".to_owned())),
        };
        if disabled_at.is_some() {
            super::deliver::give_up_pending(conn, id).await?;
        }
        let updated: Row = diesel::update(webhook_subscriptions::table.find(id))
            .set((
                webhook_subscriptions::url.eq(url.unwrap_or(row.url)),
                webhook_subscriptions::event_types.eq(event_types.unwrap_or(row.event_types)),
                webhook_subscriptions::disabled_at.eq(disabled_at),
                webhook_subscriptions::disabled_reason.eq(disabled_reason),
            ))
            .returning(Row::as_returning())
            .get_result(conn)
            .await?;
        Ok(updated.into())
    })
    .await
}

pub async fn delete(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<()> {
    conn.transaction::<_, Error, _>(async |conn| {
        managed(conn, me, id).await?;
        diesel::delete(webhook_subscriptions::table.find(id))
            .execute(conn)
            .await?;
        Ok(())
    })
    .await
}

/// The subscription's latest deliveries (newest first, at most `limit`), each
/// with its attempts.
pub async fn deliveries(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
    limit: i64,
) -> Result<Vec<Delivery>> {
    managed(conn, me, id).await?;
    type DeliveryRow = (Uuid, String, DateTime<Utc>, String, DateTime<Utc>);
    let rows: Vec<DeliveryRow> = webhook_deliveries::table
        .filter(webhook_deliveries::subscription_id.eq(id))
        .order((
            webhook_deliveries::created_at.desc(),
            webhook_deliveries::event_seq.desc(),
        ))
        .limit(limit)
        .select((
            webhook_deliveries::id,
            webhook_deliveries::event_type,
            webhook_deliveries::created_at,
            webhook_deliveries::state,
            webhook_deliveries::next_attempt_at,
        ))
        .load(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let attempts: Vec<(Uuid, DeliveryAttempt)> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(&ids))
        .order((webhook_attempts::delivery_id, webhook_attempts::attempt))
        .select((
            webhook_attempts::delivery_id,
            webhook_attempts::attempt,
            webhook_attempts::at,
            webhook_attempts::status,
            webhook_attempts::latency_ms,
            webhook_attempts::error,
        ))
        .load::<(Uuid, i32, DateTime<Utc>, Option<i32>, i32, Option<String>)>(conn)
        .await?
        .into_iter()
        .map(|(delivery, attempt, at, status, latency_ms, error)| {
            (
                delivery,
                DeliveryAttempt {
                    attempt,
                    at,
                    status,
                    latency_ms,
                    error,
                },
            )
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, event_type, created_at, state, next_attempt_at)| {
            let state = match state.as_str() {
                "delivered" => DeliveryState::Delivered,
                "failed" => DeliveryState::Failed,
                _ => DeliveryState::Pending,
            };
            Delivery {
                id,
                event_type,
                created_at,
                state,
                next_attempt_at: (state == DeliveryState::Pending).then_some(next_attempt_at),
                attempts: attempts
                    .iter()
                    .filter(|(d, _)| *d == id)
                    .map(|(_, a)| a.clone())
                    .collect(),
            }
        })
        .collect())
}
