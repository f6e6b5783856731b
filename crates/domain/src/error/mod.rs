//! The one error type of the domain. Every error has a stable code from one
//! table (`code.rs`), which also fixes its HTTP status.

use std::borrow::Cow;

mod code;

pub use code::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Refused for a reason the caller can act on (a 4xx); the code decides the
    /// status.
    #[error("{message}")]
    Refused {
        code: ErrorCode,
        message: Cow<'static, str>,
    },
    /// Too much work of this kind is running on the server right now (password
    /// hashes): 503 with `Retry-After`, answered at once rather than queued.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Too many calls: 429, with `Retry-After`.
    #[error("too many requests; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// The group's slow mode: the member sent inside its window. 429, with
    /// `Retry-After`.
    #[error("slow mode is on: you can send again in {retry_after_secs} s")]
    Slowmode { retry_after_secs: u64 },
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
    /// A refusal with `code` and a message that says what exactly was wrong.
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self::Refused {
            code,
            message: message.into(),
        }
    }

    /// `what` is absent, or not visible to the caller: 404.
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn internal(message: impl std::fmt::Display) -> Self {
        Self::Internal(message.to_string())
    }

    /// The stable code clients see.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Refused { code, .. } => *code,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Slowmode { .. } => ErrorCode::Slowmode,
            Self::Busy => ErrorCode::Busy,
            Self::DatabasePool(_) | Self::Redis(_) | Self::RedisPool(_) => {
                ErrorCode::ServiceUnavailable
            }
            Self::Database(e) if connection_lost(e) => ErrorCode::ServiceUnavailable,
            Self::Database(_) | Self::Internal(_) => ErrorCode::InternalError,
        }
    }

    /// Whether this is a refusal with `code`.
    pub fn is(&self, code: ErrorCode) -> bool {
        self.code() == code
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

/// The server went away under the statement (a restart, a failover): the
/// client should retry, as when no connection can be had at all. The pool
/// drops such a connection (it is broken) and opens a new one.
///
/// A server that is shutting down says so before it closes the connection
/// (SQLSTATE class 57, "operator intervention"), and that arrives as an error
/// of kind `Unknown`: diesel keeps no SQLSTATE, only the message, so the
/// message is what is matched (servers write it in English unless
/// `lc_messages` says otherwise; a localised one stays a 500).
fn connection_lost(e: &diesel::result::Error) -> bool {
    use diesel::result::DatabaseErrorKind::{ClosedConnection, UnableToSendCommand, Unknown};
    match e {
        diesel::result::Error::DatabaseError(ClosedConnection | UnableToSendCommand, _) => true,
        diesel::result::Error::DatabaseError(Unknown, info) => {
            let message = info.message();
            message.starts_with("terminating connection")
                || message.starts_with("the database system is")
        }
        _ => false,
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

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error as DieselError};

    fn database(kind: DatabaseErrorKind, message: &str) -> Error {
        Error::Database(DieselError::DatabaseError(
            kind,
            Box::new(message.to_owned()),
        ))
    }

    #[test]
    fn a_server_going_away_is_worth_a_retry() {
        for message in [
            "terminating connection due to administrator command",
            "terminating connection because of crash of another server process",
            "terminating connection due to conflict with recovery",
            "the database system is shutting down",
        ] {
            let lost = database(DatabaseErrorKind::Unknown, message);
            assert_eq!(lost.code(), ErrorCode::ServiceUnavailable, "{message}");
        }
        let closed = database(DatabaseErrorKind::ClosedConnection, "connection closed");
        assert_eq!(closed.code(), ErrorCode::ServiceUnavailable);
    }

    #[test]
    fn other_database_errors_stay_internal() {
        let broken = database(DatabaseErrorKind::Unknown, "column \"x\" does not exist");
        assert_eq!(broken.code(), ErrorCode::InternalError);
        let taken = database(DatabaseErrorKind::UniqueViolation, "duplicate key value");
        assert_eq!(taken.code(), ErrorCode::InternalError);
    }
}
