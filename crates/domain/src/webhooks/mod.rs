//! Outgoing webhooks: a user or a group subscribes a URL to event types, and
//! each matching event is POSTed to it, signed ([`signature`]).
//!
//! The path of an event: the outbox relay, in the statement that numbers an
//! event, also writes a `webhook_deliveries` row for every enabled subscription
//! it matches (a user's subscription: the events that user receives; a group's:
//! the group's own events, [`EventType::is_about_a_group`]), so a delivery
//! exists exactly when its event does. [`deliver`]'s workers, in every API
//! process, claim due deliveries, POST them through the [`crate::fetch`]
//! client (public destinations only), log each attempt with its status and
//! latency, and retry failures with exponential backoff for the retry window
//! (a day). A delivery that still fails then disables its subscription, and
//! the subscription's maker gets a notification.
//!
//! Incoming webhooks (URLs that post into a group) are the group's:
//! [`crate::groups::webhooks`].

pub mod deliver;
pub mod signature;
mod subscriptions;

pub use subscriptions::{
    CreatedSubscription, Delivery, DeliveryAttempt, DeliveryState, NewSubscription, Owner,
    Subscription, SubscriptionChanges, create, delete, deliveries, list, update,
};

use crate::events::EventType;

/// Subscriptions one user or group may have.
pub const MAX_SUBSCRIPTIONS: i64 = 20;

/// The event types a subscription may name: any, for a user's; a group's own
/// events, for a group's.
pub fn subscribable(for_group: bool) -> impl Iterator<Item = EventType> {
    EventType::ALL
        .iter()
        .copied()
        .filter(move |t| !for_group || t.is_about_a_group())
}
