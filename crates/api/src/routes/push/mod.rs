//! `/api/v1/push/*`: Web Push subscriptions of the browsers you are logged in on.

pub mod subscribe;
pub mod unsubscribe;
pub mod vapid_key;

use confab_domain::Platform;
use confab_domain::error::{Error, ErrorCode};
use confab_domain::push::Vapid;

/// The key pair, or `push_disabled` when the operator set none.
fn vapid(platform: &Platform) -> Result<&Vapid, Error> {
    platform.vapid.as_ref().ok_or(Error::new(
        ErrorCode::PushDisabled,
        "this server does not send push notifications",
    ))
}
