//! `/api/v1/bots/*`: bot accounts a person makes for their code.

pub mod create;
pub mod create_token;
pub mod delete;
pub mod list;
