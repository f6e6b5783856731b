//! Known devices and the login lockout (OWASP's advice against lockouts that
//! anyone can trigger):
//! - failed logins are counted per (account, client address), so a stranger
//!   who guesses locks out only their own address;
//! - a wider per-account budget slows a guesser spread over many addresses;
//! - a device that has logged in to the account before carries a signed
//!   `confab_device` cookie, and neither of those refuses it: its failures
//!   count under its own id instead.
//!
//! The per-address login limit (`login_per_ip`) still applies to everyone.

use crate::error::ApiError;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponseBuilder};
use confab_domain::Platform;
use confab_domain::auth::DeviceClaims;
use confab_domain::auth::tokens::DEVICE_TTL_SECS;
use confab_web::client::client_key;
use uuid::Uuid;

pub const COOKIE: &str = "confab_device";

/// Who is trying to log in to which account, and whether the device is known.
pub struct LoginAttempt {
    account: String,
    address: String,
    device: Option<DeviceClaims>,
}

impl LoginAttempt {
    pub fn new(platform: &Platform, req: &HttpRequest, username: &str) -> Self {
        let account = username.trim().to_lowercase();
        let device = req
            .cookie(COOKIE)
            .and_then(|c| platform.tokens.verify_device(c.value()))
            .filter(|d| d.name == account);
        let trust = platform.limiter.settings().trust_forwarded_for;
        Self {
            address: client_key(req, trust),
            account,
            device,
        }
    }

    /// The failure budgets this attempt draws on: (limit name, key).
    fn budgets(&self) -> Vec<(&'static str, String)> {
        match &self.device {
            Some(device) => vec![("login_failures_device", device.jti.to_string())],
            None => vec![
                (
                    "login_failures_account_ip",
                    format!("{}|{}", self.account, self.address),
                ),
                ("login_failures_account", self.account.clone()),
            ],
        }
    }

    /// Refuses the attempt (429) if one of its budgets is spent.
    pub async fn check(&self, platform: &Platform) -> Result<(), ApiError> {
        let limiter = &platform.limiter;
        for (name, key) in self.budgets() {
            limiter.check(name, rule(platform, name), &key).await?;
        }
        Ok(())
    }

    /// Counts a wrong password against the attempt's budgets.
    pub async fn failed(&self, platform: &Platform) {
        let limiter = &platform.limiter;
        for (name, key) in self.budgets() {
            // Counting may itself refuse (the budget just ran out); the answer
            // to this attempt stays "invalid credentials".
            let _ = limiter.hit(name, rule(platform, name), &key).await;
        }
    }

    /// Whether this device logged in to `user` before (it carries their
    /// device cookie): a login from any other is announced to the owner.
    pub fn is_known_device(&self, user: Uuid) -> bool {
        self.device.as_ref().is_some_and(|d| d.sub == user)
    }

    /// After a successful login: the device cookie (kept, or a new device).
    pub fn remember(
        &self,
        platform: &Platform,
        req: &HttpRequest,
        user: Uuid,
        username: &str,
        response: &mut HttpResponseBuilder,
    ) {
        let device = self
            .device
            .as_ref()
            .filter(|d| d.sub == user)
            .map(|d| d.jti);
        remember_device(platform, req, user, username, device, response);
    }
}

fn rule(platform: &Platform, name: &str) -> confab_domain::settings::Rule {
    let limits = platform.limiter.settings();
    match name {
        "login_failures_device" => limits.login_failures_per_device,
        "login_failures_account_ip" => limits.login_failures_per_account_ip,
        _ => limits.login_failures_per_account,
    }
}

/// Sets the device cookie: HttpOnly (scripts never see it), sent only to the
/// auth routes, only same-site, and `Secure` when the request came over HTTPS.
pub fn remember_device(
    platform: &Platform,
    req: &HttpRequest,
    user: Uuid,
    username: &str,
    device: Option<Uuid>,
    response: &mut HttpResponseBuilder,
) {
    let Ok(value) = platform.tokens.issue_device(user, username, device) else {
        return;
    };
    let secure = req.connection_info().scheme() == "https";
    let cookie = Cookie::build(COOKIE, value)
        .path("/api/v1/auth")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(CookieDuration::seconds(DEVICE_TTL_SECS as i64))
        .finish();
    response.cookie(cookie);
}
