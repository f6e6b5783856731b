//! Applying the rate limits (confab_domain::limits) in handlers: by client
//! address for calls without an account, by user for the rest.

use crate::error::ApiError;
use actix_web::HttpRequest;
use confab_domain::Platform;
use confab_domain::settings::{LimitSettings, Rule};
use confab_web::client::client_key;
use uuid::Uuid;

/// Picks a rule out of the settings.
pub type Pick = fn(&LimitSettings) -> Rule;

/// Counts the call against the client address's limit `name`.
pub async fn per_ip(
    platform: &Platform,
    req: &HttpRequest,
    name: &str,
    pick: Pick,
) -> Result<(), ApiError> {
    let limiter = &platform.limiter;
    let key = client_key(req, limiter.settings().trust_forwarded_for);
    Ok(limiter.hit(name, pick(limiter.settings()), &key).await?)
}

/// Counts the call against the user's limit `name`.
pub async fn per_user(
    platform: &Platform,
    user: Uuid,
    name: &str,
    pick: Pick,
) -> Result<(), ApiError> {
    let limiter = &platform.limiter;
    Ok(limiter
        .hit(name, pick(limiter.settings()), &user.to_string())
        .await?)
}

/// Counts the call against limit `name` for `key` (an account named in a
/// call made without one, say).
pub async fn per_key(
    platform: &Platform,
    key: &str,
    name: &str,
    pick: Pick,
) -> Result<(), ApiError> {
    let limiter = &platform.limiter;
    Ok(limiter.hit(name, pick(limiter.settings()), key).await?)
}
