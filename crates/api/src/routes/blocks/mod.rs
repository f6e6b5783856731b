//! `/api/v1/blocks/*`: people you blocked (no requests, no DMs, invisible in search).

pub mod block;
pub mod list;
pub mod unblock;
