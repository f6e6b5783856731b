//! The harness every integration test uses: real Postgres (a fresh database per
//! test, cloned from a migrated template), real Redis (a key prefix per test, or a
//! private server when a test needs to stop it), and the real services on port 0,
//! spoken to over HTTP and WebSocket as a client would.

mod app;
pub mod client;
pub mod contract;
mod database;
mod events;
mod groups;
mod media;
pub mod passkey;
mod postgres_pair;
mod process;
pub mod receiver;
mod redis_cluster;
mod redis_server;
mod slow_proxy;
pub mod smtp;
mod topology;
pub mod ws;

pub use app::{TestApp, TestUser, error_code};
pub use client::{Answer, ApiError, Client, Items, To};
pub use database::TestDatabase;
pub use events::PublishedEvent;
pub use groups::TestGroup;
pub use passkey::SoftPasskey;
pub use postgres_pair::PostgresPair;
pub use process::{
    ApiProcess, GatewayProcess, Running, configured_command, service_command, wait_for_metric,
    wait_for_port,
};
pub use receiver::{Received, WebhookReceiver};
pub use redis_cluster::RedisCluster;
pub use redis_server::RedisServer;
pub use slow_proxy::SlowConnectProxy;
pub use smtp::{CaughtMail, MailCatcher};
pub use ws::WsClient;

/// The Postgres server tests create their databases on (any database on it works as
/// the admin connection).
pub fn admin_database_url() -> String {
    std::env::var("CONFAB_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn redis_url() -> String {
    std::env::var("CONFAB_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// `CONFAB_TEST_REDIS_CLUSTER_URLS` (nodes separated by commas): every
/// service the tests start uses that Redis Cluster instead of
/// `CONFAB_TEST_REDIS_URL` (the topology run of `scripts/test`).
pub fn redis_cluster_urls() -> Vec<secrecy::SecretString> {
    confab_domain::settings::comma_separated_secrets(
        &std::env::var("CONFAB_TEST_REDIS_CLUSTER_URLS").unwrap_or_default(),
    )
}
