//! `/auth`: signing up and in, tokens.

use super::{Answer, Client};
use confab_api::routes::auth::AuthResponse;
use confab_api::routes::auth::login::SecondFactorRequired;
use confab_api::routes::auth::oidc_nonce::OidcNonce;
use confab_api::routes::auth::options::AuthOptions;
use confab_api::routes::auth::signup::SignupPending;
use confab_api::routes::auth::verify_email::EmailVerified;
use confab_domain::auth::TokenPair;
use confab_domain::auth::passkeys::PasskeyCeremony;
use serde_json::{Value, json};
use uuid::Uuid;

impl Client<'_> {
    /// `POST /auth/signup` with any body (username, password, email, display_name).
    pub async fn signup(&self, body: Value) -> Answer<AuthResponse> {
        self.post("/auth/signup", body).await
    }

    /// `POST /auth/login`.
    pub async fn login(&self, username: &str, password: &str) -> Answer<AuthResponse> {
        self.post(
            "/auth/login",
            json!({ "username": username, "password": password }),
        )
        .await
    }

    /// `POST /auth/refresh`: a new pair for a refresh token (single use).
    pub async fn refresh(&self, refresh_token: &str) -> Answer<TokenPair> {
        self.post("/auth/refresh", json!({ "refresh_token": refresh_token }))
            .await
    }

    /// `POST /auth/logout`: ends the login of this refresh token.
    pub async fn logout(&self, refresh_token: &str) -> Answer<()> {
        self.post("/auth/logout", json!({ "refresh_token": refresh_token }))
            .await
    }

    /// `POST /auth/oidc/nonce`.
    pub async fn oidc_nonce(&self) -> Answer<OidcNonce> {
        self.post("/auth/oidc/nonce", json!({})).await
    }

    /// `POST /auth/oidc`: sign in with the provider's ID token.
    pub async fn oidc_login(&self, id_token: &str) -> Answer<AuthResponse> {
        self.post("/auth/oidc", json!({ "id_token": id_token }))
            .await
    }

    /// `POST /auth/signup` on a server that requires a confirmed email: the
    /// account without a login.
    pub async fn signup_pending(&self, body: Value) -> Answer<SignupPending> {
        self.post("/auth/signup", body).await
    }

    /// `GET /auth/options`.
    pub async fn auth_options(&self) -> Answer<AuthOptions> {
        self.get("/auth/options").await
    }

    /// `POST /auth/email/verify` with a mailed link's token.
    pub async fn verify_email(&self, token: &str) -> Answer<EmailVerified> {
        self.post("/auth/email/verify", json!({ "token": token }))
            .await
    }

    /// `POST /auth/password/forgot`.
    pub async fn forgot_password(&self, email: &str) -> Answer<()> {
        self.post("/auth/password/forgot", json!({ "email": email }))
            .await
    }

    /// `POST /auth/password/reset` with a reset link's token.
    pub async fn reset_password(&self, token: &str, new_password: &str) -> Answer<()> {
        self.post(
            "/auth/password/reset",
            json!({ "token": token, "new_password": new_password }),
        )
        .await
    }

    /// `POST /auth/password/recover` with a recovery code.
    pub async fn recover(&self, username: &str, code: &str, new_password: &str) -> Answer<()> {
        self.post(
            "/auth/password/recover",
            json!({ "username": username, "recovery_code": code, "new_password": new_password }),
        )
        .await
    }

    /// `POST /auth/login` for an account with a second factor: the challenge.
    pub async fn login_challenged(
        &self,
        username: &str,
        password: &str,
    ) -> Answer<SecondFactorRequired> {
        self.post(
            "/auth/login",
            json!({ "username": username, "password": password }),
        )
        .await
    }

    /// `POST /auth/login/second-factor` with an app's code.
    pub async fn second_factor(&self, challenge: &str, code: &str) -> Answer<AuthResponse> {
        self.post(
            "/auth/login/second-factor",
            json!({ "challenge": challenge, "code": code }),
        )
        .await
    }

    /// `POST /auth/login/second-factor` with a recovery code.
    pub async fn second_factor_recovery(
        &self,
        challenge: &str,
        code: &str,
    ) -> Answer<AuthResponse> {
        self.post(
            "/auth/login/second-factor",
            json!({ "challenge": challenge, "recovery_code": code }),
        )
        .await
    }

    /// `POST /auth/passkey/options`.
    pub async fn passkey_login_options(&self) -> Answer<PasskeyCeremony> {
        self.post("/auth/passkey/options", json!({})).await
    }

    /// `POST /auth/passkey`.
    pub async fn passkey_login(
        &self,
        ceremony_id: Uuid,
        credential: Value,
    ) -> Answer<AuthResponse> {
        self.post(
            "/auth/passkey",
            json!({ "ceremony_id": ceremony_id, "credential": credential }),
        )
        .await
    }

    /// `POST /auth/login/second-factor/passkey-options`.
    pub async fn second_factor_passkey_options(&self, challenge: &str) -> Answer<PasskeyCeremony> {
        self.post(
            "/auth/login/second-factor/passkey-options",
            json!({ "challenge": challenge }),
        )
        .await
    }

    /// `POST /auth/login/second-factor` with a passkey's answer.
    pub async fn second_factor_passkey(
        &self,
        challenge: &str,
        ceremony_id: Uuid,
        credential: Value,
    ) -> Answer<AuthResponse> {
        self.post(
            "/auth/login/second-factor",
            json!({
                "challenge": challenge,
                "passkey": { "ceremony_id": ceremony_id, "credential": credential },
            }),
        )
        .await
    }
}
