//! Postgres: one pooled, async connection type for the whole platform, the
//! embedded SQL migrations, and reads routed to streaming replicas.

mod read_routing;
mod replicas;

pub use read_routing::ReadRouting;
pub use replicas::Replicas;

use crate::error::{Error, Result};
use crate::settings::DatabaseSettings;
use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::deadpool::Pool;
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use secrecy::ExposeSecret;
use std::time::Duration;

pub type DbPool = Pool<AsyncPgConnection>;
pub type DbConn = diesel_async::pooled_connection::deadpool::Object<AsyncPgConnection>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// Builds the pool. Connections are opened lazily, so this succeeds even while the
/// database is down; `/readyz` tells when it is reachable.
pub fn pool(settings: &DatabaseSettings) -> Result<DbPool> {
    pool_for(&settings.url, settings)
}

/// A pool of `settings`' size and timeouts on the server at `url` (the
/// primary's, or a replica's).
fn pool_for(url: &secrecy::SecretString, settings: &DatabaseSettings) -> Result<DbPool> {
    // No test query on every checkout (the default): that would double the round
    // trips of a message send. A connection that died errors on its next use
    // and is dropped; the request answers 503 and the client retries.
    let mut config = ManagerConfig::default();
    config.recycling_method = RecyclingMethod::Fast;
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(
        url.expose_secret(),
        config,
    );
    let timeout = Duration::from_millis(settings.connect_timeout_ms);
    Pool::builder(manager)
        .max_size(settings.pool_size)
        .wait_timeout(Some(timeout))
        .create_timeout(Some(timeout))
        .recycle_timeout(Some(timeout))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(|e| Error::DatabasePool(e.to_string()))
}

/// Applies pending migrations and returns the versions applied. Several processes
/// may call this at once: a session-level advisory lock makes them take turns.
pub async fn run_migrations(url: &str) -> Result<Vec<String>> {
    use diesel_async::RunQueryDsl;
    use diesel_async::{AsyncConnection, AsyncMigrationHarness};

    let mut conn = AsyncPgConnection::establish(url)
        .await
        .map_err(|e| Error::DatabasePool(e.to_string()))?;
    diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
        .execute(&mut conn)
        .await?;
    // The harness drives the async connection with `block_in_place`, which needs a
    // blocking-capable thread.
    let (conn, applied) = tokio::task::spawn_blocking(move || {
        let mut harness = AsyncMigrationHarness::new(conn);
        let applied = harness
            .run_pending_migrations(MIGRATIONS)
            .map(|versions| versions.iter().map(|v| v.to_string()).collect::<Vec<_>>())
            .map_err(|e| Error::internal(format!("migration failed: {e}")));
        (harness.into_inner(), applied)
    })
    .await
    .map_err(Error::internal)?;
    let mut conn = conn;
    diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
        .execute(&mut conn)
        .await?;
    applied
}

/// Any fixed number works; it only has to be the same for every process.
const MIGRATION_LOCK_KEY: i64 = 0x0C0F_AB00_0001;

/// A cheap round trip, for readiness checks.
pub async fn ping(pool: &DbPool) -> Result<()> {
    use diesel_async::RunQueryDsl;
    let mut conn = pool.get().await?;
    diesel::sql_query("SELECT 1").execute(&mut conn).await?;
    Ok(())
}
