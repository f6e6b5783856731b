use crate::error::ApiError;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What this server offers for getting in, for the sign-up and login screens.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct AuthOptions {
    /// The server sends mail: email confirmation and password reset by mail.
    pub email: bool,
    /// Sign-up needs an email, and logging in waits until it is confirmed.
    pub email_verification_required: bool,
    /// Signing in with the external OpenID Connect provider.
    pub oidc: bool,
    /// Passkeys (WebAuthn): the web app's address is a domain name.
    pub passkeys: bool,
}

/// What this server offers for signing up and logging in.
#[utoipa::path(tag = "auth", responses((status = OK, body = AuthOptions)))]
#[get("/auth/options")]
pub async fn options(platform: web::Data<Platform>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(AuthOptions {
        email: platform.auth.mailer().enabled(),
        email_verification_required: platform.auth.account_settings().require_verified_email,
        oidc: platform.oidc.enabled(),
        passkeys: platform.auth.passkeys_enabled(),
    }))
}
