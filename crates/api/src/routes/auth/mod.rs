//! `/api/v1/auth/*`: sign-up, login, token refresh, logout.

pub mod forgot_password;
pub mod login;
pub mod logout;
pub mod oidc;
pub mod oidc_nonce;
pub mod options;
pub mod passkey_login;
pub mod passkey_options;
pub mod recover;
pub mod refresh;
pub mod reset_password;
pub mod second_factor;
pub mod second_factor_passkey;
pub mod signup;
pub mod verify_email;

use crate::devices::LoginAttempt;
use actix_web::{HttpRequest, HttpResponse};
use confab_domain::Platform;
use confab_domain::auth::{Origin, TokenPair};
use confab_domain::users::CurrentUser;
use confab_domain::users::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new login: the user and the tokens to act as them.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct AuthResponse {
    pub user: CurrentUser,
    #[serde(flatten)]
    pub tokens: TokenPair,
}

/// After a login is proven (password, and second factor if any): the owner
/// told of a device the account has not seen, the device cookie, the answer.
pub(crate) async fn logged_in(
    platform: &Platform,
    req: &HttpRequest,
    attempt: &LoginAttempt,
    origin: &Origin,
    user: User,
    tokens: TokenPair,
) -> HttpResponse {
    tracing::info!(user_id = %user.id, "logged in");
    if !attempt.is_known_device(user.id)
        && let Err(e) = platform.auth.new_device_login(&user, origin).await
    {
        // The login stands; only its announcement failed.
        tracing::error!(error = %e, "new-device login not announced");
    }
    let mut response = HttpResponse::Ok();
    attempt.remember(platform, req, user.id, &user.username, &mut response);
    response.json(AuthResponse {
        user: CurrentUser::from(&user),
        tokens,
    })
}
