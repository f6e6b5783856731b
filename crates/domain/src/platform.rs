//! What both services are built on: the pools and keys made from settings, once.

use crate::auth::ceremonies::Ceremonies;
use crate::auth::challenges::SecondFactorChallenges;
use crate::auth::oidc::{OidcNonces, OidcVerifier};
use crate::auth::passkeys::PasskeySupport;
use crate::auth::revocation::RevokedLogins;
use crate::auth::{AuthParts, AuthService, PasswordHasher, TokenKeys};
use crate::db::{self, DbPool};
use crate::error::{Error, Result};
use crate::events::relay::OutboxWaker;
use crate::events::stream::StreamLayout;
use crate::fetch::PublicClient;
use crate::limits::RateLimiter;
use crate::mail::Mailer;
use crate::presence::PresenceStore;
use crate::redis::{self, RedisPool, SharedRedis};
use crate::settings::Settings;
use crate::urls::PublicLinks;
use serde::Serialize;
use std::time::Duration;
use uuid::Uuid;

#[derive(Clone)]
pub struct Platform {
    pub db: DbPool,
    /// Lag-tolerant reads on replicas (`database.replica_urls`); None without.
    pub read_routing: Option<db::ReadRouting>,
    pub redis: RedisPool,
    pub shared_redis: SharedRedis,
    /// Prepended to every Redis key.
    pub key_prefix: String,
    pub tokens: TokenKeys,
    pub auth: AuthService,
    pub layout: StreamLayout,
    /// Wakes the outbox relay after a transaction that wrote events.
    pub waker: OutboxWaker,
    pub presence: PresenceStore,
    pub limiter: RateLimiter,
    pub oidc: OidcVerifier,
    pub oidc_nonces: OidcNonces,
    /// Reaches webhook receivers: public destinations only (crate::fetch).
    pub webhook_client: PublicClient,
    /// Reaches browsers' push services, with the same rules.
    pub push_client: PublicClient,
    /// The Web Push key pair; None when push is off.
    pub vapid: Option<crate::push::Vapid>,
    /// Users with a tab showing (they get no pushes).
    pub foreground: crate::foreground::ForegroundTabs,
}

impl Platform {
    pub fn build(settings: &Settings) -> Result<Self> {
        let db = db::pool(&settings.database)?;
        let redis = redis::pool(&settings.redis)?;
        let shared_redis = redis::shared(&settings.redis)?;
        let tokens = TokenKeys::new(
            &settings.auth.jwt_secret,
            settings.auth.access_token_ttl_secs,
        );
        let waker = OutboxWaker::spawn(db.clone());
        let auth = AuthService::new(AuthParts {
            pool: db.clone(),
            hasher: PasswordHasher::new(&settings.auth)?,
            keys: tokens.clone(),
            refresh_ttl_secs: settings.auth.refresh_token_ttl_secs,
            revoked: RevokedLogins::new(
                shared_redis.clone(),
                &settings.redis.key_prefix,
                settings.auth.access_token_ttl_secs,
            ),
            waker: waker.clone(),
            mailer: Mailer::from_settings(&settings.mail)?,
            links: PublicLinks::new(&settings.public_url),
            accounts: settings.accounts.clone(),
            mail_new_login_alerts: settings.mail.new_login_alerts,
            challenges: SecondFactorChallenges::new(
                shared_redis.clone(),
                &settings.redis.key_prefix,
            ),
            passkeys: PasskeySupport::new(
                &settings.public_url,
                Ceremonies::new(shared_redis.clone(), &settings.redis.key_prefix),
            ),
        });
        let webhook_client = PublicClient::new(
            &format!(
                "Confab-Webhooks/{} (+{})",
                env!("CARGO_PKG_VERSION"),
                settings.public_url
            ),
            Duration::from_millis(settings.webhooks.timeout_ms),
            settings.fetch.allow_addresses.clone(),
        )?;
        let push_client = PublicClient::new(
            &format!(
                "Confab-Push/{} (+{})",
                env!("CARGO_PKG_VERSION"),
                settings.public_url
            ),
            Duration::from_millis(settings.push.timeout_ms),
            settings.fetch.allow_addresses.clone(),
        )?;
        let vapid = crate::push::Vapid::from_settings(
            &settings.push.vapid_private_key,
            &settings.push.subject,
            &settings.public_url,
        )?;
        let foreground = crate::foreground::ForegroundTabs::new(
            shared_redis.clone(),
            &settings.redis.key_prefix,
            Duration::from_millis(settings.gateway.heartbeat_timeout_ms),
        );
        Ok(Self {
            webhook_client,
            push_client,
            vapid,
            foreground,
            waker,
            layout: StreamLayout::new(
                settings.redis.key_prefix.clone(),
                settings.events.partitions,
            ),
            // A connection stays live for one heartbeat timeout after its last ping.
            presence: PresenceStore::new(
                shared_redis.clone(),
                &settings.redis.key_prefix,
                Duration::from_millis(settings.gateway.heartbeat_timeout_ms),
            ),
            oidc: OidcVerifier::new(settings.oidc.clone()),
            oidc_nonces: OidcNonces::new(shared_redis.clone(), &settings.redis.key_prefix),
            limiter: RateLimiter::new(
                shared_redis.clone(),
                &settings.redis.key_prefix,
                settings.limits.clone(),
            ),
            read_routing: db::Replicas::build(&settings.database)?.map(|replicas| {
                db::ReadRouting::new(replicas, shared_redis.clone(), &settings.redis.key_prefix)
            }),
            db,
            redis,
            shared_redis,
            key_prefix: settings.redis.key_prefix.clone(),
            tokens,
            auth,
        })
    }

    /// A pooled database connection.
    pub async fn conn(&self) -> Result<db::DbConn> {
        Ok(self.db.get().await?)
    }

    /// A connection for a read that may lag by up to
    /// `database.replica_max_lag_ms` for anyone but its `reader`, who sees
    /// their own writes (history pages, search, conversation and member
    /// lists, profiles). Never for writes, nor inside a transaction.
    pub async fn read_conn(&self, reader: Uuid) -> Result<db::DbConn> {
        if let Some(routing) = &self.read_routing {
            if let Some(conn) = routing.replica_for(reader).await {
                metrics::counter!("db_reads_total", "target" => "replica").increment(1);
                return Ok(conn);
            }
            metrics::counter!("db_reads_total", "target" => "primary").increment(1);
        }
        self.conn().await
    }

    /// A connection for changes that write events: when it is dropped (after the
    /// transaction committed), the outbox relay is woken.
    pub async fn write_conn(&self) -> Result<WriteConn> {
        Ok(WriteConn {
            conn: self.conn().await?,
            waker: self.waker.clone(),
        })
    }

    /// Checks both dependencies concurrently, each bounded in time.
    pub async fn readiness(&self) -> Readiness {
        let (db_pool, redis_pool) = (self.db.clone(), self.redis.clone());
        let (database, redis) = tokio::join!(
            bounded_check(async move { db::ping(&db_pool).await }),
            bounded_check(async move { redis::ping(&redis_pool).await }),
        );
        Readiness { database, redis }
    }
}

/// Runs a dependency check on a task of its own and waits at most 2 s for it.
/// A check that outlasts the wait runs on: a connection it is still opening
/// (a slow password login) then lands in the pool for the next check, where
/// cancelling it would make every check start again from nothing. The pools'
/// own timeouts end the task.
async fn bounded_check(check: impl Future<Output = Result<()>> + Send + 'static) -> Check {
    let task = tokio::spawn(check);
    let waited = tokio::time::timeout(Duration::from_secs(2), async move {
        task.await.map_err(Error::internal)?
    })
    .await;
    Check::from(waited)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Readiness {
    pub database: Check,
    pub redis: Check,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.database.ok && self.redis.ok
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Check {
    pub ok: bool,
    /// Why not: logged by the probe, never answered (backend error strings
    /// name hosts and versions).
    #[serde(skip)]
    pub error: Option<String>,
}

impl From<Result<Result<()>, tokio::time::error::Elapsed>> for Check {
    fn from(r: Result<Result<()>, tokio::time::error::Elapsed>) -> Self {
        match r {
            Ok(Ok(())) => Check {
                ok: true,
                error: None,
            },
            Ok(Err(e)) => Check {
                ok: false,
                error: Some(e.to_string()),
            },
            Err(_) => Check {
                ok: false,
                error: Some("timed out".into()),
            },
        }
    }
}

/// Runs `$body` (with `$conn` bound to the transaction's connection) in one
/// transaction on `$platform`'s pool; the outbox relay is woken once it has
/// committed. Evaluates to the body's value, or returns its error with `?`.
#[macro_export]
macro_rules! write_tx {
    ($platform:expr, |$conn:ident| $body:expr) => {{
        use $crate::reexport::AsyncConnection as _;
        let mut conn = $platform.write_conn().await?;
        conn.transaction::<_, $crate::Error, _>(async |$conn| $body)
            .await?
    }};
}

pub struct WriteConn {
    conn: db::DbConn,
    waker: OutboxWaker,
}

impl std::ops::Deref for WriteConn {
    type Target = diesel_async::AsyncPgConnection;
    fn deref(&self) -> &Self::Target {
        &self.conn
    }
}

impl std::ops::DerefMut for WriteConn {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.conn
    }
}

impl Drop for WriteConn {
    fn drop(&mut self) {
        self.waker.wake();
    }
}
