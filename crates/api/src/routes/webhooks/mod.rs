//! Webhooks. Incoming: `/groups/{id}/webhooks` makes URLs (`/hooks/{id}/{token}`)
//! that post into a group as a named integration. Outgoing:
//! `/webhook-subscriptions` sends a user's or a group's events to a URL, signed
//! (docs/api.md, "Webhooks").

pub mod create_incoming;
pub mod create_subscription;
pub mod delete_incoming;
pub mod delete_subscription;
pub mod deliveries;
pub mod execute;
pub mod list_incoming;
pub mod list_subscriptions;
pub mod update_subscription;
