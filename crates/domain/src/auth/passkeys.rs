//! Passkeys (WebAuthn, through webauthn-rs): several per account, named,
//! renamed and removed by their owner; a login with a passkey alone (a
//! discoverable credential: no username typed), or a passkey as the second
//! factor after the password. User verification is required, so a passkey is
//! two factors in itself.
//!
//! The relying party is the web app's origin (`public_url`); WebAuthn needs a
//! domain there (`localhost` works, an IP address does not), otherwise
//! passkeys are off.

use super::ceremonies::Ceremonies;
use super::service::{AuthService, TokenPair};
use super::tokens::Identity;
use super::{Origin, audit};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::schema::passkeys;
use crate::text::TextRule;
use crate::users::User;
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;
use uuid::Uuid;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyAuthentication,
    PasskeyRegistration, Url, Webauthn, WebauthnBuilder,
};
/// What `navigator.credentials.get()` / `.create()` answered, as JSON.
pub use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

/// The most passkeys one account may have.
const MAX_PER_ACCOUNT: i64 = 20;
const NAME_MAX_CHARS: usize = 64;

/// The relying party, when passkeys are possible.
#[derive(Clone)]
pub struct PasskeySupport {
    webauthn: Option<Arc<Webauthn>>,
    ceremonies: Ceremonies,
}

impl PasskeySupport {
    pub fn new(public_url: &str, ceremonies: Ceremonies) -> Self {
        let webauthn = Url::parse(public_url)
            .ok()
            .and_then(|url| {
                let rp_id = url.domain()?.to_owned();
                WebauthnBuilder::new(&rp_id, &url)
                    .ok()?
                    .rp_name("Confab")
                    .build()
                    .ok()
            })
            .map(Arc::new);
        if webauthn.is_none() {
            tracing::warn!(
                %public_url,
                "passkeys are off: public_url must name the site by a domain (WebAuthn refuses IP addresses)"
            );
        }
        Self {
            webauthn,
            ceremonies,
        }
    }

    pub fn enabled(&self) -> bool {
        self.webauthn.is_some()
    }

    fn webauthn(&self) -> Result<&Webauthn> {
        self.webauthn.as_deref().ok_or(Error::new(
            ErrorCode::PasskeysDisabled,
            "this server cannot use passkeys (its public_url is not a domain name)",
        ))
    }
}

/// A passkey as its owner sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PasskeyInfo {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// The last login (or second step) it was used for.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The first half of a ceremony: what to pass to
/// `navigator.credentials.create()` / `.get()`, and the id to answer with.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PasskeyCeremony {
    pub ceremony_id: Uuid,
    /// WebAuthn's `CredentialCreationOptions` or `CredentialRequestOptions`
    /// (`{"publicKey": {...}}`, binary fields base64url-encoded).
    #[schema(value_type = Object)]
    pub options: serde_json::Value,
}

#[derive(Serialize, Deserialize)]
struct Registering {
    user_id: Uuid,
    state: PasskeyRegistration,
}

#[derive(Serialize, Deserialize)]
struct SecondStep {
    user_id: Uuid,
    state: PasskeyAuthentication,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = passkeys)]
struct Row {
    id: Uuid,
    name: String,
    passkey: serde_json::Value,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

impl Row {
    fn passkey(&self) -> Result<Passkey> {
        serde_json::from_value(self.passkey.clone()).map_err(Error::internal)
    }

    fn info(self) -> PasskeyInfo {
        PasskeyInfo {
            id: self.id,
            name: self.name,
            created_at: self.created_at,
            last_used_at: self.last_used_at,
        }
    }
}

fn invalid_passkey() -> Error {
    Error::new(
        ErrorCode::InvalidPasskey,
        "the passkey's answer could not be verified",
    )
}

/// A passkey's name: 1–64 characters, trimmed.
pub const NAME_RULE: TextRule = TextRule::new(1, NAME_MAX_CHARS);

pub fn parse_name(name: &str) -> Result<String> {
    NAME_RULE.parse(name, ErrorCode::InvalidPasskeyName, "a passkey's name")
}

pub fn name_schema() -> utoipa::openapi::schema::Object {
    NAME_RULE.schema()
}

async fn rows_of(conn: &mut AsyncPgConnection, user: Uuid) -> Result<Vec<Row>> {
    Ok(passkeys::table
        .filter(passkeys::user_id.eq(user))
        .order(passkeys::created_at.asc())
        .select(Row::as_select())
        .load(conn)
        .await?)
}

/// Whether the user has a passkey (offered as a second factor).
pub(super) async fn has_any(conn: &mut AsyncPgConnection, user: Uuid) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        passkeys::table.filter(passkeys::user_id.eq(user)),
    ))
    .get_result(conn)
    .await?)
}

/// Stores the counter the authenticator reported, and when it was used.
async fn mark_used(
    conn: &mut AsyncPgConnection,
    row: &Row,
    result: &webauthn_rs::prelude::AuthenticationResult,
) -> Result<()> {
    let mut passkey = row.passkey()?;
    passkey.update_credential(result);
    diesel::update(passkeys::table.find(row.id))
        .set((
            passkeys::passkey.eq(serde_json::to_value(&passkey).map_err(Error::internal)?),
            passkeys::last_used_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

impl AuthService {
    pub fn passkeys_enabled(&self) -> bool {
        self.passkeys.enabled()
    }

    /// Starts adding a passkey to the caller's account.
    pub async fn start_passkey_registration(&self, who: &Identity) -> Result<PasskeyCeremony> {
        let webauthn = self.passkeys.webauthn()?;
        let mut conn = self.pool.get().await?;
        let user = user_repo::get_self(&mut conn, who.user_id).await?;
        let existing = rows_of(&mut conn, user.id).await?;
        if existing.len() as i64 >= MAX_PER_ACCOUNT {
            return Err(Error::new(
                ErrorCode::TooManyPasskeys,
                "the account has as many passkeys as it may; remove one first",
            ));
        }
        let exclude = existing
            .iter()
            .map(|row| row.passkey().map(|p| p.cred_id().clone()))
            .collect::<Result<Vec<_>>>()?;
        let display = user.display_name.as_deref().unwrap_or(&user.username);
        let (options, state) = webauthn
            .start_passkey_registration(user.id, &user.username, display, Some(exclude))
            .map_err(Error::internal)?;
        let mut options = serde_json::to_value(options).map_err(Error::internal)?;
        // Ask for a discoverable credential where the authenticator can keep
        // one, so the passkey alone logs in (no username typed).
        options["publicKey"]["authenticatorSelection"]["residentKey"] = "preferred".into();
        let ceremony_id = self
            .passkeys
            .ceremonies
            .keep(
                "register",
                &Registering {
                    user_id: user.id,
                    state,
                },
            )
            .await?;
        Ok(PasskeyCeremony {
            ceremony_id,
            options,
        })
    }

    /// Finishes adding a passkey with the authenticator's answer.
    pub async fn finish_passkey_registration(
        &self,
        who: &Identity,
        ceremony_id: Uuid,
        name: String,
        credential: &RegisterPublicKeyCredential,
        origin: &Origin,
    ) -> Result<PasskeyInfo> {
        let webauthn = self.passkeys.webauthn()?;
        let registering: Registering = self
            .passkeys
            .ceremonies
            .take("register", ceremony_id)
            .await?;
        if registering.user_id != who.user_id {
            return Err(Error::new(
                ErrorCode::InvalidCeremony,
                "this passkey prompt was started by another account",
            ));
        }
        let passkey = webauthn
            .finish_passkey_registration(credential, &registering.state)
            .map_err(|e| {
                tracing::info!(error = %e, "passkey registration refused");
                Error::new(
                    ErrorCode::InvalidAttestation,
                    "the authenticator's answer could not be verified",
                )
            })?;
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            let row: Row = diesel::insert_into(passkeys::table)
                .values((
                    passkeys::id.eq(Uuid::now_v7()),
                    passkeys::user_id.eq(who.user_id),
                    passkeys::credential_id.eq(passkey.cred_id().as_ref()),
                    passkeys::name.eq(&name),
                    passkeys::passkey.eq(serde_json::to_value(&passkey).map_err(Error::internal)?),
                ))
                .returning(Row::as_returning())
                .get_result(conn)
                .await
                .map_err(|e| match e {
                    diesel::result::Error::DatabaseError(
                        diesel::result::DatabaseErrorKind::UniqueViolation,
                        _,
                    ) => Error::new(
                        ErrorCode::PasskeyExists,
                        "that passkey is already registered",
                    ),
                    other => other.into(),
                })?;
            audit::record(conn, who.user_id, audit::Kind::PasskeyAdded, origin).await?;
            Ok(row.info())
        })
        .await
    }

    pub async fn list_passkeys(&self, who: &Identity) -> Result<Vec<PasskeyInfo>> {
        let mut conn = self.pool.get().await?;
        Ok(rows_of(&mut conn, who.user_id)
            .await?
            .into_iter()
            .map(Row::info)
            .collect())
    }

    pub async fn rename_passkey(
        &self,
        who: &Identity,
        id: Uuid,
        name: String,
    ) -> Result<PasskeyInfo> {
        let mut conn = self.pool.get().await?;
        let row: Option<Row> = diesel::update(
            passkeys::table
                .filter(passkeys::id.eq(id))
                .filter(passkeys::user_id.eq(who.user_id)),
        )
        .set(passkeys::name.eq(name))
        .returning(Row::as_returning())
        .get_result(&mut conn)
        .await
        .optional()?;
        row.map(Row::info).ok_or(Error::not_found("passkey"))
    }

    pub async fn remove_passkey(&self, who: &Identity, id: Uuid, origin: &Origin) -> Result<()> {
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            let removed = diesel::delete(
                passkeys::table
                    .filter(passkeys::id.eq(id))
                    .filter(passkeys::user_id.eq(who.user_id)),
            )
            .execute(conn)
            .await?;
            if removed == 0 {
                return Err(Error::not_found("passkey"));
            }
            audit::record(conn, who.user_id, audit::Kind::PasskeyRemoved, origin).await
        })
        .await
    }

    /// Starts a login with a passkey alone: the authenticator offers the
    /// account's discoverable credentials.
    pub async fn start_passkey_login(&self) -> Result<PasskeyCeremony> {
        let webauthn = self.passkeys.webauthn()?;
        let (mut options, state) = webauthn
            .start_discoverable_authentication()
            .map_err(Error::internal)?;
        // A prompt the user asked for with a button, not the autofill one.
        options.mediation = None;
        let ceremony_id = self.passkeys.ceremonies.keep("login", &state).await?;
        Ok(PasskeyCeremony {
            ceremony_id,
            options: serde_json::to_value(options).map_err(Error::internal)?,
        })
    }

    /// Finishes a login with a passkey alone. Opens the login (no second
    /// factor: a verified passkey is two).
    pub async fn finish_passkey_login(
        &self,
        ceremony_id: Uuid,
        credential: &PublicKeyCredential,
        origin: &Origin,
    ) -> Result<(User, TokenPair)> {
        let webauthn = self.passkeys.webauthn()?;
        let state: DiscoverableAuthentication =
            self.passkeys.ceremonies.take("login", ceremony_id).await?;
        let (user_id, credential_id) = webauthn
            .identify_discoverable_authentication(credential)
            .map_err(|_| invalid_passkey())?;
        let mut conn = self.pool.get().await?;
        let row: Row = passkeys::table
            .filter(passkeys::credential_id.eq(credential_id))
            .filter(passkeys::user_id.eq(user_id))
            .select(Row::as_select())
            .first(&mut conn)
            .await
            .optional()?
            .ok_or_else(invalid_passkey)?;
        let key = DiscoverableKey::from(&row.passkey()?);
        let result = webauthn
            .finish_discoverable_authentication(credential, state, &[key])
            .map_err(|e| {
                tracing::info!(error = %e, "passkey login refused");
                invalid_passkey()
            })?;
        conn.transaction::<_, Error, _>(async |conn| {
            let user = user_repo::get(conn, user_id)
                .await
                .map_err(|_| invalid_passkey())?;
            self.require_proven_email(&user)?;
            mark_used(conn, &row, &result).await?;
            let tokens = self.open_session(conn, &user, origin).await?;
            Ok((user, tokens))
        })
        .await
    }

    /// Starts the second login step with one of the account's passkeys.
    pub async fn start_passkey_second_factor(&self, challenge: &str) -> Result<PasskeyCeremony> {
        let webauthn = self.passkeys.webauthn()?;
        let user_id = self
            .challenges
            .user(challenge)
            .await?
            .ok_or_else(super::totp::invalid_challenge)?;
        let mut conn = self.pool.get().await?;
        let keys = rows_of(&mut conn, user_id)
            .await?
            .iter()
            .map(Row::passkey)
            .collect::<Result<Vec<_>>>()?;
        if keys.is_empty() {
            return Err(Error::new(
                ErrorCode::NoPasskeys,
                "the account has no passkey",
            ));
        }
        let (options, state) = webauthn
            .start_passkey_authentication(&keys)
            .map_err(Error::internal)?;
        let ceremony_id = self
            .passkeys
            .ceremonies
            .keep("second-factor", &SecondStep { user_id, state })
            .await?;
        Ok(PasskeyCeremony {
            ceremony_id,
            options: serde_json::to_value(options).map_err(Error::internal)?,
        })
    }

    /// Whether the passkey answer holds as `user`'s second factor (in the
    /// second step's transaction).
    pub(super) async fn passkey_holds(
        &self,
        conn: &mut AsyncPgConnection,
        user: &User,
        ceremony_id: Uuid,
        credential: &PublicKeyCredential,
    ) -> Result<bool> {
        let webauthn = self.passkeys.webauthn()?;
        let step: SecondStep = self
            .passkeys
            .ceremonies
            .take("second-factor", ceremony_id)
            .await?;
        if step.user_id != user.id {
            return Ok(false);
        }
        let Ok(result) = webauthn.finish_passkey_authentication(credential, &step.state) else {
            return Ok(false);
        };
        let row: Option<Row> = passkeys::table
            .filter(passkeys::credential_id.eq(result.cred_id().as_ref()))
            .filter(passkeys::user_id.eq(user.id))
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?;
        match row {
            Some(row) => {
                mark_used(conn, &row, &result).await?;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
