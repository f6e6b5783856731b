//! `/users`: profiles and finding people.

use super::{Answer, Client};
use confab_domain::auth::access_tokens::{AccessToken, CreatedToken};
use confab_domain::auth::audit::SecurityEvent;
use confab_domain::auth::bots::CreatedBot;
use confab_domain::auth::passkeys::{PasskeyCeremony, PasskeyInfo};
use confab_domain::auth::sessions::SessionInfo;
use confab_domain::auth::{
    RecoveryCodes, RecoveryCodesStatus, TotpEnabled, TotpSetup, TwoFactorStatus,
};
use confab_domain::exports::DataExport;
use confab_domain::friends::UserSearchPage;
use confab_domain::users::{CurrentUser, PublicUser};
use serde_json::{Value, json};
use uuid::Uuid;

impl Client<'_> {
    /// `GET /users/search?q=`: people whose name starts with `prefix`.
    pub async fn search_users(&self, prefix: &str) -> Answer<UserSearchPage> {
        self.get(&format!("/users/search?q={prefix}")).await
    }

    /// One page of a search: at most `limit`, after the name `after`.
    pub async fn search_users_page(
        &self,
        prefix: &str,
        limit: u32,
        after: Option<&str>,
    ) -> Answer<UserSearchPage> {
        let after = after.map(|a| format!("&after={a}")).unwrap_or_default();
        self.get(&format!("/users/search?q={prefix}&limit={limit}{after}"))
            .await
    }

    /// `GET /users/{id}`.
    pub async fn user(&self, id: Uuid) -> Answer<PublicUser> {
        self.get(&format!("/users/{id}")).await
    }

    /// `GET /users/me`.
    pub async fn me(&self) -> Answer<CurrentUser> {
        self.get("/users/me").await
    }

    /// `PATCH /users/me` with any of display_name, bio, status_text, email,
    /// avatar_media_id.
    pub async fn update_me(&self, changes: Value) -> Answer<CurrentUser> {
        self.patch("/users/me", changes).await
    }

    /// `POST /users/me/password`.
    pub async fn change_password(&self, current: &str, new: &str) -> Answer<()> {
        self.post(
            "/users/me/password",
            json!({ "current_password": current, "new_password": new }),
        )
        .await
    }

    /// `DELETE /users/me`: deletes the account (the password confirms it).
    pub async fn delete_me(&self, password: &str) -> Answer<()> {
        self.call(
            reqwest::Method::DELETE,
            "/users/me",
            Some(json!({ "password": password })),
        )
        .await
    }

    /// `POST /users/me/identities`: links the provider's identity to this account.
    pub async fn link_identity(&self, id_token: &str) -> Answer<()> {
        self.post("/users/me/identities", json!({ "id_token": id_token }))
            .await
    }

    /// `POST /users/me/email/verification`: mail a new confirmation link.
    pub async fn resend_verification(&self) -> Answer<()> {
        self.post("/users/me/email/verification", json!({})).await
    }

    /// `GET /users/me/recovery-codes`.
    pub async fn recovery_codes_status(&self) -> Answer<RecoveryCodesStatus> {
        self.get("/users/me/recovery-codes").await
    }

    /// `POST /users/me/recovery-codes`: a new set, shown once.
    pub async fn new_recovery_codes(&self, password: &str) -> Answer<RecoveryCodes> {
        self.post("/users/me/recovery-codes", json!({ "password": password }))
            .await
    }

    /// `GET /users/me/security-events`.
    pub async fn security_events(&self) -> Answer<Vec<SecurityEvent>> {
        self.get("/users/me/security-events").await
    }

    /// `GET /users/me/sessions`.
    pub async fn sessions(&self) -> Answer<Vec<SessionInfo>> {
        self.get("/users/me/sessions").await
    }

    /// `DELETE /users/me/sessions/{id}`.
    pub async fn revoke_session(&self, id: Uuid) -> Answer<()> {
        self.delete(&format!("/users/me/sessions/{id}")).await
    }

    /// `POST /users/me/tokens`: `{name, scopes, expires_in_days?}`.
    pub async fn create_token(&self, body: Value) -> Answer<CreatedToken> {
        self.post("/users/me/tokens", body).await
    }

    /// `GET /users/me/tokens`.
    pub async fn tokens(&self) -> Answer<super::Items<AccessToken>> {
        self.get("/users/me/tokens").await
    }

    /// `DELETE /users/me/tokens/{id}`.
    pub async fn revoke_token(&self, id: Uuid) -> Answer<()> {
        self.delete(&format!("/users/me/tokens/{id}")).await
    }

    /// `POST /bots`: `{username, display_name?, scopes, expires_in_days?}`.
    pub async fn create_bot(&self, body: Value) -> Answer<CreatedBot> {
        self.post("/bots", body).await
    }

    /// `GET /bots`.
    pub async fn bots(&self) -> Answer<super::Items<PublicUser>> {
        self.get("/bots").await
    }

    /// `POST /bots/{id}/tokens`.
    pub async fn create_bot_token(&self, bot: Uuid, body: Value) -> Answer<CreatedToken> {
        self.post(&format!("/bots/{bot}/tokens"), body).await
    }

    /// `DELETE /bots/{id}`.
    pub async fn delete_bot(&self, bot: Uuid) -> Answer<()> {
        self.delete(&format!("/bots/{bot}")).await
    }

    /// `DELETE /users/me/sessions`: every login but this one.
    pub async fn revoke_other_sessions(&self) -> Answer<()> {
        self.delete("/users/me/sessions").await
    }

    /// `GET /users/me/two-factor`.
    pub async fn two_factor(&self) -> Answer<TwoFactorStatus> {
        self.get("/users/me/two-factor").await
    }

    /// `POST /users/me/two-factor/totp/setup`.
    pub async fn totp_setup(&self) -> Answer<TotpSetup> {
        self.post("/users/me/two-factor/totp/setup", json!({}))
            .await
    }

    /// `POST /users/me/two-factor/totp/enable`.
    pub async fn totp_enable(&self, code: &str) -> Answer<TotpEnabled> {
        self.post("/users/me/two-factor/totp/enable", json!({ "code": code }))
            .await
    }

    /// `POST /users/me/two-factor/totp/disable`.
    pub async fn totp_disable(&self, password: &str, code: &str) -> Answer<()> {
        self.post(
            "/users/me/two-factor/totp/disable",
            json!({ "password": password, "code": code }),
        )
        .await
    }

    /// `GET /users/me/passkeys`.
    pub async fn passkeys(&self) -> Answer<Vec<PasskeyInfo>> {
        self.get("/users/me/passkeys").await
    }

    /// `POST /users/me/passkeys/registration`.
    pub async fn passkey_registration(&self) -> Answer<PasskeyCeremony> {
        self.post("/users/me/passkeys/registration", json!({}))
            .await
    }

    /// `POST /users/me/passkeys`.
    pub async fn add_passkey(
        &self,
        ceremony_id: Uuid,
        name: &str,
        credential: Value,
    ) -> Answer<PasskeyInfo> {
        self.post(
            "/users/me/passkeys",
            json!({ "ceremony_id": ceremony_id, "name": name, "credential": credential }),
        )
        .await
    }

    /// `PATCH /users/me/passkeys/{id}`.
    pub async fn rename_passkey(&self, id: Uuid, name: &str) -> Answer<PasskeyInfo> {
        self.patch(&format!("/users/me/passkeys/{id}"), json!({ "name": name }))
            .await
    }

    /// `DELETE /users/me/passkeys/{id}`.
    pub async fn remove_passkey(&self, id: Uuid) -> Answer<()> {
        self.delete(&format!("/users/me/passkeys/{id}")).await
    }

    /// `DELETE /users/me` with any proof (`password`, `id_token`, `email_code`).
    pub async fn delete_me_with(&self, proof: Value) -> Answer<()> {
        self.call(reqwest::Method::DELETE, "/users/me", Some(proof))
            .await
    }

    /// `POST /users/me/deletion-code`.
    pub async fn request_deletion_code(&self) -> Answer<()> {
        self.post("/users/me/deletion-code", json!({})).await
    }

    /// `POST /users/me/exports`.
    pub async fn start_export(&self) -> Answer<DataExport> {
        self.post("/users/me/exports", json!({})).await
    }

    /// `GET /users/me/exports`.
    pub async fn exports(&self) -> Answer<Vec<DataExport>> {
        self.get("/users/me/exports").await
    }

    /// `GET /users/me/export`: the current export, or a new one.
    pub async fn export(&self) -> Answer<DataExport> {
        self.get("/users/me/export").await
    }
}
