//! `/api/v1/auth/*`: sign-up, login, token refresh, logout.

pub mod forgot_password;
pub mod login;
pub mod logout;
pub mod oidc;
pub mod oidc_nonce;
pub mod options;
pub mod recover;
pub mod refresh;
pub mod reset_password;
pub mod signup;
pub mod verify_email;

use confab_domain::auth::TokenPair;
use confab_domain::users::CurrentUser;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new login: the user and the tokens to act as them.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct AuthResponse {
    pub user: CurrentUser,
    #[serde(flatten)]
    pub tokens: TokenPair,
}
