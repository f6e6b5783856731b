//! One folder per resource, one file per endpoint: the route list is the file list.

pub mod auth;
pub mod blocks;
pub mod conversations;
pub mod friends;
pub mod groups;
pub mod invites;
pub mod media;
pub mod notifications;
pub mod openapi;
pub mod search;
pub mod users;

use crate::error::ApiError;

/// Anything no route matches.
pub async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::RouteNotFound)
}
