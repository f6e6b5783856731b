//! The Confab domain: what the REST API and the WebSocket gateway share. No HTTP
//! here: entities and their rules, storage, tokens, settings and the error type.

pub mod access;
pub mod admin;
pub mod allocator;
pub mod audit;
pub mod auth;
pub mod backoff;
pub mod conversations;
pub mod db;
pub mod drafts;
pub mod error;
pub mod events;
pub mod exports;
pub mod fetch;
pub mod foreground;
pub mod friends;
pub mod groups;
pub mod limits;
pub mod mail;
pub mod media;
pub mod messages;
pub mod metrics;
pub mod models;
pub mod notifications;
pub mod pagination;
pub mod platform;
pub mod presence;
pub mod push;
pub mod redis;
pub mod reports;
pub mod schema;
pub mod secrets;
pub mod settings;
pub mod telemetry;
pub mod text;
pub mod urls;
pub mod users;
pub mod webhooks;
pub mod wire_names;

pub use error::{Error, Result};
pub use platform::Platform;
pub use settings::Settings;

/// What the `write_tx!` macro needs in the crates that use it.
#[doc(hidden)]
pub mod reexport {
    pub use diesel_async::AsyncConnection;
}
