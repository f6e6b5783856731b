//! Authentication: password hashing, access tokens, refresh tokens and the account
//! flows built from them.

mod external;
pub mod oidc;
mod password;
mod refresh;
pub mod revocation;
mod service;
pub mod tokens;

pub use password::PasswordHasher;
pub use service::{AuthService, SignupInput, TokenPair, session_revoked};
pub use tokens::{Claims, DeviceClaims, Identity, TokenKeys, now_secs};
