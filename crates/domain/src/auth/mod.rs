//! Authentication: password hashing, access tokens, refresh tokens and the account
//! flows built from them.

pub mod oidc;
mod password;
mod refresh;
mod service;
mod tokens;

pub use password::PasswordHasher;
pub use service::{AuthService, SignupInput, TokenPair};
pub use tokens::{Claims, Identity, TokenKeys, now_secs};
