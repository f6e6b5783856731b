//! What both services are built on: the pools and keys made from settings, once.

use crate::auth::{AuthService, PasswordHasher, TokenKeys};
use crate::db::{self, DbPool};
use crate::error::Result;
use crate::redis::{self, Keys, RedisPool};
use crate::settings::Settings;
use serde::Serialize;
use std::time::Duration;

#[derive(Clone)]
pub struct Platform {
    pub db: DbPool,
    pub redis: RedisPool,
    pub keys: Keys,
    pub tokens: TokenKeys,
    pub auth: AuthService,
}

impl Platform {
    pub fn build(settings: &Settings) -> Result<Self> {
        let db = db::pool(&settings.database)?;
        let redis = redis::pool(&settings.redis)?;
        let tokens = TokenKeys::new(
            &settings.auth.jwt_secret,
            settings.auth.access_token_ttl_secs,
        );
        let auth = AuthService::new(
            db.clone(),
            PasswordHasher::new(settings.auth.argon2)?,
            tokens.clone(),
            settings.auth.refresh_token_ttl_secs,
        );
        Ok(Self {
            db,
            redis,
            keys: Keys::new(settings.redis.key_prefix.clone()),
            tokens,
            auth,
        })
    }

    /// A pooled database connection.
    pub async fn conn(&self) -> Result<db::DbConn> {
        Ok(self.db.get().await?)
    }

    /// Checks both dependencies concurrently, each bounded in time.
    pub async fn readiness(&self) -> Readiness {
        let bound = Duration::from_secs(2);
        let (database, redis) = tokio::join!(
            tokio::time::timeout(bound, db::ping(&self.db)),
            tokio::time::timeout(bound, redis::ping(&self.redis)),
        );
        Readiness {
            database: Check::from(database),
            redis: Check::from(redis),
        }
    }
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
    #[serde(skip_serializing_if = "Option::is_none")]
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
