//! `/api/v1/search/*`: full-text search.

pub mod messages;
