//! Authentication: password hashing, access tokens, refresh tokens and the account
//! flows built from them.

pub mod access_tokens;
pub mod audit;
pub mod bots;
pub mod ceremonies;
pub mod challenges;
mod deletion;
mod disable;
mod email;
mod external;
mod links;
pub mod oidc;
pub mod passkeys;
mod password;
mod recovery_codes;
mod refresh;
mod reset;
pub mod revocation;
mod service;
pub mod sessions;
pub mod tokens;
mod totp;

pub use deletion::DeletionProof;
pub use disable::account_disabled;
pub use password::PasswordHasher;
pub use recovery_codes::{RecoveryCodes, RecoveryCodesStatus};
pub use service::{AuthParts, AuthService, LoginOutcome, SignupInput, TokenPair, session_revoked};
pub use tokens::{Claims, DeviceClaims, Identity, TokenKeys, now_secs};
pub use totp::{SecondFactor, TotpEnabled, TotpSetup, TwoFactorStatus};

/// Where a request came from: recorded with each login and each entry of the
/// account's security log, and shown to its owner.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Origin {
    /// Bounded, since both come from the client.
    pub fn new(ip: Option<&str>, user_agent: Option<&str>) -> Self {
        let bounded = |s: &str, max: usize| s.chars().take(max).collect::<String>();
        Self {
            ip: ip.map(|ip| bounded(ip, 64)),
            user_agent: user_agent.map(|ua| bounded(ua, 256)),
        }
    }

    /// The address as shown in mails.
    pub fn address(&self) -> &str {
        self.ip.as_deref().unwrap_or("an unknown address")
    }
}
