//! Web Push: browsers subscribe (`POST /push/subscriptions`) with their push
//! service's endpoint and keys; the relay writes the pushes new events owe
//! (`push_deliveries`, in the statement that numbers them, like webhook
//! deliveries); the workers (`deliver.rs`) decide whether each is still due
//! (levels, mutes, no tab of theirs showing), encrypt it for the browser
//! (RFC 8291, aes128gcm), sign the request (VAPID, RFC 8292) and send it
//! through the public-only fetcher. Pushes say who and where; what a message
//! says only if the user allows previews.

mod decide;
pub mod deliver;
mod keys;
mod subscriptions;

pub use keys::{Vapid, generate_keys};
pub use subscriptions::{PushSubscription, subscribe, unsubscribe};
