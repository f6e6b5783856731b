//! Cursor pagination: ids are time-ordered (UUIDv7), so "before this id" is a
//! stable cursor however many rows arrive meanwhile. Never offsets.

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use uuid::Uuid;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 100;

#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub before: Option<Uuid>,
    pub limit: i64,
}

impl Page {
    pub fn new(before: Option<Uuid>, limit: Option<i64>) -> Result<Self> {
        Ok(Self {
            before,
            limit: parse_limit(limit)?,
        })
    }
}

impl Page {
    /// Rows read with `limit + 1` (one more, to know whether older ones
    /// exist), cut to the page, and the cursor of the next (older) page.
    pub fn split<T>(&self, mut rows: Vec<T>, id: impl Fn(&T) -> Uuid) -> (Vec<T>, Option<Uuid>) {
        let more = rows.len() as i64 > self.limit;
        rows.truncate(self.limit as usize);
        let next = if more { rows.last().map(id) } else { None };
        (rows, next)
    }
}

pub fn parse_limit(limit: Option<i64>) -> Result<i64> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(Error::new(
            ErrorCode::InvalidLimit,
            format!("limit must be between 1 and {MAX_LIMIT}"),
        )),
    }
}

/// A `LIKE` pattern for "starts with `prefix`": `%`, `_` and `\` in it mean themselves.
pub fn like_prefix(prefix: &str) -> String {
    let escaped = prefix
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("{escaped}%")
}
