//! Applying the rate limits (confab_domain::limits) in handlers: by client
//! address for calls without an account, by user for the rest.

use crate::error::ApiError;
use crate::extract::client_ip;
use actix_web::HttpRequest;
use confab_domain::Platform;
use confab_domain::limits::{LimitSettings, Rule};
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
    let ip = client_ip(req, limiter.settings().trust_forwarded_for);
    Ok(limiter.hit(name, pick(limiter.settings()), &ip).await?)
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
