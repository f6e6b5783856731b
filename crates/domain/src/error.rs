//! The one error type of the domain. Each variant carries a stable, snake_case
//! `code` that clients can match on; the HTTP services map variants to statuses in
//! one place each.

use std::borrow::Cow;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is malformed: 400.
    #[error("{message}")]
    Invalid {
        code: &'static str,
        message: Cow<'static, str>,
    },
    /// No valid credentials: 401.
    #[error("{message}")]
    Unauthenticated {
        code: &'static str,
        message: &'static str,
    },
    /// Authenticated, but not allowed: 403.
    #[error("{message}")]
    Forbidden {
        code: &'static str,
        message: &'static str,
    },
    /// Absent, or not visible to the caller: 404.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Clashes with existing state: 409.
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: &'static str,
    },
    /// Existed, but is spent or expired (a single-use link): 410.
    #[error("{message}")]
    Gone {
        code: &'static str,
        message: &'static str,
    },
    /// The body is larger than allowed: 413.
    #[error("{message}")]
    TooLarge {
        code: &'static str,
        message: Cow<'static, str>,
    },
    /// The content is of a type not accepted: 415.
    #[error("{message}")]
    UnsupportedMedia {
        code: &'static str,
        message: &'static str,
    },
    /// Too much work of this kind is running on the server right now (password
    /// hashes): 503 with `Retry-After`, answered at once rather than queued.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Too many calls: 429, with `Retry-After`.
    #[error("too many requests; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("database unavailable: {0}")]
    DatabasePool(String),
    #[error("redis error: {0}")]
    Redis(#[from] deadpool_redis::redis::RedisError),
    #[error("redis unavailable: {0}")]
    RedisPool(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::Invalid {
            code,
            message: message.into(),
        }
    }

    pub fn internal(message: impl std::fmt::Display) -> Self {
        Self::Internal(message.to_string())
    }

    /// The stable code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { code, .. }
            | Self::Unauthenticated { code, .. }
            | Self::Forbidden { code, .. }
            | Self::Conflict { code, .. }
            | Self::Gone { code, .. }
            | Self::TooLarge { code, .. }
            | Self::UnsupportedMedia { code, .. } => code,
            Self::NotFound(_) => "not_found",
            Self::RateLimited { .. } => "rate_limited",
            Self::Busy => "busy",
            Self::DatabasePool(_) | Self::Redis(_) | Self::RedisPool(_) => "service_unavailable",
            Self::Database(_) | Self::Internal(_) => "internal_error",
        }
    }

    /// Whether the failure is ours (logged as an error, never shown in detail).
    pub fn is_server_side(&self) -> bool {
        matches!(
            self,
            Self::Database(_)
                | Self::DatabasePool(_)
                | Self::Redis(_)
                | Self::RedisPool(_)
                | Self::Internal(_)
        )
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for Error {
    fn from(e: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        Self::DatabasePool(e.to_string())
    }
}

impl From<deadpool_redis::PoolError> for Error {
    fn from(e: deadpool_redis::PoolError) -> Self {
        Self::RedisPool(e.to_string())
    }
}
