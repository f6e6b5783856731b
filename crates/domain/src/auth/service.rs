//! The account flows: sign-up, login, refresh with rotation and reuse detection,
//! logout, password change and account deletion (signing in through an external
//! provider, and linking one, is in `external`).

use super::access_tokens;
use super::challenges::SecondFactorChallenges;
use super::passkeys::PasskeySupport;
use super::password::PasswordHasher;
use super::refresh;
use super::revocation::{self, Logins, RevokedLogins};
use super::tokens::{Identity, TokenKeys};
use super::{Origin, audit};
use crate::db::DbPool;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::relay::OutboxWaker;
use crate::mail::Mailer;
use crate::schema::{refresh_tokens, sessions, users};
use crate::settings::AccountSettings;
use crate::urls::PublicLinks;
use crate::users::repo as user_repo;
use crate::users::{DisplayName, Email, Password, User, Username};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

pub struct SignupInput {
    pub username: Username,
    pub password: Password,
    pub email: Option<Email>,
    pub display_name: Option<DisplayName>,
}

#[derive(Clone)]
pub struct AuthService {
    pub(super) pool: DbPool,
    pub(super) hasher: PasswordHasher,
    pub(super) keys: TokenKeys,
    pub(super) refresh_ttl: Duration,
    pub(super) revoked: RevokedLogins,
    /// Revoking a login writes an event; the relay is woken once it committed.
    pub(super) waker: OutboxWaker,
    pub(super) mailer: Mailer,
    pub(super) links: PublicLinks,
    pub(super) accounts: AccountSettings,
    /// Also mail a new-device login to the proven email.
    pub(super) mail_new_login_alerts: bool,
    pub(super) challenges: SecondFactorChallenges,
    pub(super) passkeys: PasskeySupport,
}

/// What a right password leads to.
pub enum LoginOutcome {
    LoggedIn(User, TokenPair),
    /// The account has a second factor: the login opens after it
    /// (`complete_second_factor` with this challenge).
    SecondFactorRequired {
        user: User,
        challenge: String,
        /// What the account accepts: `totp`, `recovery_code`, `passkey`.
        methods: Vec<&'static str>,
    },
}

/// What the account flows are built from (`Platform::build` makes them).
pub struct AuthParts {
    pub pool: DbPool,
    pub hasher: PasswordHasher,
    pub keys: TokenKeys,
    pub refresh_ttl_secs: u64,
    pub revoked: RevokedLogins,
    pub waker: OutboxWaker,
    pub mailer: Mailer,
    pub links: PublicLinks,
    pub accounts: AccountSettings,
    pub mail_new_login_alerts: bool,
    pub challenges: SecondFactorChallenges,
    pub passkeys: PasskeySupport,
}

fn invalid_credentials() -> Error {
    Error::new(ErrorCode::InvalidCredentials, "wrong username or password")
}

pub fn session_revoked() -> Error {
    Error::new(
        ErrorCode::SessionRevoked,
        "this login has ended; log in again",
    )
}

fn invalid_refresh_token() -> Error {
    Error::new(
        ErrorCode::InvalidRefreshToken,
        "the refresh token is not valid; log in again",
    )
}

impl AuthService {
    pub fn new(parts: AuthParts) -> Self {
        Self {
            pool: parts.pool,
            hasher: parts.hasher,
            keys: parts.keys,
            refresh_ttl: Duration::seconds(parts.refresh_ttl_secs as i64),
            revoked: parts.revoked,
            waker: parts.waker,
            mailer: parts.mailer,
            links: parts.links,
            accounts: parts.accounts,
            mail_new_login_alerts: parts.mail_new_login_alerts,
            challenges: parts.challenges,
            passkeys: parts.passkeys,
        }
    }

    pub fn keys(&self) -> &TokenKeys {
        &self.keys
    }

    pub fn mailer(&self) -> &Mailer {
        &self.mailer
    }

    pub fn account_settings(&self) -> &AccountSettings {
        &self.accounts
    }

    /// Verifies an access token and that its login has not ended since it was
    /// issued: what REST and the gateway's identify both call.
    pub async fn authenticate(&self, token: &str) -> Result<Identity> {
        if access_tokens::is_access_token(token) {
            // The database is the truth for tokens that live for months; the
            // revoked-login set (checked below) is only the quick path.
            let mut conn = self.pool.get().await?;
            return access_tokens::authenticate(&mut conn, token).await;
        }
        let identity = self.keys.verify(token)?;
        if self.revoked.is_revoked(identity.session_id).await {
            return Err(session_revoked());
        }
        Ok(identity)
    }

    /// Verifies a media-only token (the `confab_media` cookie) and its login.
    pub async fn authenticate_media(&self, token: &str) -> Result<Identity> {
        let identity = self.keys.verify_media(token)?;
        if self.revoked.is_revoked(identity.session_id).await {
            return Err(session_revoked());
        }
        Ok(identity)
    }

    /// Whether the login has ended (the gateway checks again once a socket is
    /// registered, so a revocation between identify and registering is seen).
    pub async fn is_revoked(&self, session: Uuid) -> bool {
        self.revoked.is_revoked(session).await
    }

    /// The revoked-login set, for the gateway's readers to tell of
    /// `session.revoked` events.
    pub fn revoked_logins(&self) -> &RevokedLogins {
        &self.revoked
    }

    /// After the transaction that revoked `ids` committed: the revoked-login set,
    /// and the relay woken so the sockets close now.
    pub(super) async fn revoked(&self, ids: &[Uuid]) {
        self.revoked.remember(ids).await;
        self.waker.wake();
    }

    /// Makes the account; with an email, mails the link that proves it. When
    /// proof is required before the first login, no login is opened yet.
    pub async fn signup(
        &self,
        input: SignupInput,
        origin: &Origin,
    ) -> Result<(User, Option<TokenPair>)> {
        let verification_required = self.accounts.require_verified_email;
        if verification_required && input.email.is_none() {
            return Err(Error::new(
                ErrorCode::EmailRequired,
                "this server needs an email to sign up: it sends a link to prove it",
            ));
        }
        if let Some(email) = &input.email {
            let mut conn = self.pool.get().await?;
            super::email::ensure_unclaimed(&mut conn, email.as_str(), None).await?;
        }
        let hash = self.hasher.hash(input.password).await?;
        let mut conn = self.pool.get().await?;
        let new = user_repo::NewUser {
            username: input.username,
            password_hash: Some(hash),
            email: input.email,
            display_name: input.display_name,
        };
        let (user, tokens, link) = conn
            .transaction::<_, Error, _>(async |conn| {
                let user = user_repo::insert(conn, new).await?;
                let link = self.verification_link(conn, &user).await?;
                let tokens = if verification_required {
                    None
                } else {
                    Some(self.open_session(conn, &user, origin).await?)
                };
                Ok((user, tokens, link))
            })
            .await?;
        if let Some(link) = link {
            self.send_verification(&user, &link);
        }
        Ok((user, tokens))
    }

    /// Unknown user and wrong password look exactly alike, in answer and in time.
    /// No pooled connection is held while the hash runs.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        origin: &Origin,
    ) -> Result<LoginOutcome> {
        let user = match Username::parse(username) {
            Ok(name) => {
                let mut conn = self.pool.get().await?;
                user_repo::find_by_username(&mut conn, &name).await?
            }
            Err(_) => None,
        };
        let stored = user.as_ref().and_then(|u| u.password_hash.as_deref());
        if !self.hasher.verify(password, stored).await? {
            return Err(invalid_credentials());
        }
        let user = user.ok_or_else(invalid_credentials)?;
        self.require_proven_email(&user)?;
        if user.disabled_at.is_some() {
            return Err(super::disable::account_disabled());
        }
        let mut conn = self.pool.get().await?;
        if user.totp_enabled_at.is_some() {
            let mut methods = vec!["totp", "recovery_code"];
            if super::passkeys::has_any(&mut conn, user.id).await? && self.passkeys.enabled() {
                methods.push("passkey");
            }
            let challenge = self.challenges.issue(user.id).await?;
            return Ok(LoginOutcome::SecondFactorRequired {
                user,
                challenge,
                methods,
            });
        }
        let tokens = self.open_session(&mut conn, &user, origin).await?;
        Ok(LoginOutcome::LoggedIn(user, tokens))
    }

    /// Trades a refresh token for a new pair. The old token is spent; presenting it
    /// again revokes the whole login, including the newer token.
    pub async fn refresh(&self, token: &str) -> Result<TokenPair> {
        let hash = refresh::hash(token);
        let mut conn = self.pool.get().await?;
        let outcome = conn
            .transaction::<_, Error, _>(async |conn| self.rotate(conn, &hash).await)
            .await?;
        match outcome {
            Rotation::Rotated(pair) => Ok(pair),
            Rotation::Reused(session_id) => {
                self.revoke_one(&mut conn, session_id).await?;
                tracing::warn!(%session_id, "refresh token reused; login revoked");
                Err(Error::new(
                    ErrorCode::RefreshTokenReused,
                    "this refresh token was already used; the login has been revoked",
                ))
            }
        }
    }

    /// Whose login the refresh token belongs to (spent or not), for the per-user
    /// limit on refreshes.
    pub async fn refresh_token_owner(&self, token: &str) -> Result<Option<Uuid>> {
        let hash = refresh::hash(token);
        let mut conn = self.pool.get().await?;
        Ok(refresh_tokens::table
            .inner_join(sessions::table)
            .filter(refresh_tokens::token_hash.eq(hash))
            .select(sessions::user_id)
            .first(&mut conn)
            .await
            .optional()?)
    }

    async fn rotate(&self, conn: &mut AsyncPgConnection, hash: &[u8]) -> Result<Rotation> {
        let now = Utc::now();
        let spent: Option<(Uuid, DateTime<Utc>)> = diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::token_hash.eq(hash))
                .filter(refresh_tokens::used_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(now))
        .returning((refresh_tokens::session_id, refresh_tokens::expires_at))
        .get_result(conn)
        .await
        .optional()?;

        let Some((session_id, expires_at)) = spent else {
            let known: Option<Uuid> = refresh_tokens::table
                .filter(refresh_tokens::token_hash.eq(hash))
                .select(refresh_tokens::session_id)
                .first(conn)
                .await
                .optional()?;
            return match known {
                Some(session_id) => Ok(Rotation::Reused(session_id)),
                None => Err(invalid_refresh_token()),
            };
        };
        if expires_at <= now {
            return Err(invalid_refresh_token());
        }
        type Owner = (Uuid, String, Option<DateTime<Utc>>, Option<DateTime<Utc>>);
        let owner: Option<Owner> = sessions::table
            .inner_join(users::table)
            .filter(sessions::id.eq(session_id))
            .filter(users::deleted_at.is_null())
            .select((
                users::id,
                users::username,
                sessions::revoked_at,
                users::disabled_at,
            ))
            .first(conn)
            .await
            .optional()?;
        // A login that ended (logout, revoked, password reset) says so, as
        // its access tokens do: the client can tell the user why.
        let (user_id, username) = match owner {
            Some((_, _, _, Some(_))) => return Err(super::disable::account_disabled()),
            Some((_, _, Some(_), None)) => return Err(session_revoked()),
            Some((user_id, username, None, None)) => (user_id, username),
            None => return Err(session_revoked()),
        };
        diesel::update(sessions::table.find(session_id))
            .set(sessions::last_used_at.eq(now))
            .execute(conn)
            .await?;
        let pair = self
            .issue_pair(conn, user_id, session_id, &username)
            .await?;
        Ok(Rotation::Rotated(pair))
    }

    /// Ends the login the refresh token belongs to. Unknown tokens are ignored:
    /// logging out twice is not an error.
    pub async fn logout(&self, token: &str) -> Result<()> {
        let hash = refresh::hash(token);
        let mut conn = self.pool.get().await?;
        let session: Option<Uuid> = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(hash))
            .select(refresh_tokens::session_id)
            .first(&mut conn)
            .await
            .optional()?;
        if let Some(session_id) = session {
            self.revoke_one(&mut conn, session_id).await?;
        }
        Ok(())
    }

    async fn revoke_one(&self, conn: &mut AsyncPgConnection, session_id: Uuid) -> Result<()> {
        let ids = conn
            .transaction::<_, Error, _>(async |conn| {
                let user: Uuid = sessions::table
                    .find(session_id)
                    .select(sessions::user_id)
                    .first(conn)
                    .await?;
                revocation::revoke(conn, user, Logins::One(session_id)).await
            })
            .await?;
        self.revoked(&ids).await;
        Ok(())
    }

    /// Sets a new password and ends every other login of the user. No pooled
    /// connection is held while the hashes run.
    pub async fn change_password(
        &self,
        who: &Identity,
        current: &str,
        new: Password,
        origin: &Origin,
    ) -> Result<()> {
        self.check_password(
            who,
            current,
            Passwordless::Refuse,
            "the current password is wrong",
        )
        .await?;
        let hash = self.hasher.hash(new).await?;
        let mut conn = self.pool.get().await?;
        let ids = conn
            .transaction::<_, Error, _>(async |conn| {
                user_repo::set_password_hash(conn, who.user_id, hash).await?;
                audit::record(conn, who.user_id, audit::Kind::PasswordChanged, origin).await?;
                revocation::revoke(conn, who.user_id, Logins::AllBut(who.session_id)).await
            })
            .await?;
        drop(conn);
        self.revoked(&ids).await;
        Ok(())
    }

    /// Checks the caller's password, holding no pooled connection during the
    /// hash.
    pub(super) async fn check_password(
        &self,
        who: &Identity,
        password: &str,
        passwordless: Passwordless,
        wrong: &'static str,
    ) -> Result<()> {
        let stored = {
            let mut conn = self.pool.get().await?;
            user_repo::get_self(&mut conn, who.user_id)
                .await?
                .password_hash
        };
        let matches = match (&stored, passwordless) {
            (None, Passwordless::Pass) => true,
            _ => self.hasher.verify(password, stored.as_deref()).await?,
        };
        if matches {
            Ok(())
        } else {
            Err(Error::new(ErrorCode::WrongPassword, wrong))
        }
    }

    /// When the server requires a proven email, an account without one cannot
    /// log in yet (only after the password matched: strangers learn nothing).
    pub(super) fn require_proven_email(&self, user: &User) -> Result<()> {
        if self.accounts.require_verified_email && user.email_verified_at.is_none() {
            return Err(Error::new(
                ErrorCode::EmailNotVerified,
                "confirm your email first: open the link we mailed you",
            ));
        }
        Ok(())
    }

    pub(super) async fn open_session(
        &self,
        conn: &mut AsyncPgConnection,
        user: &User,
        origin: &Origin,
    ) -> Result<TokenPair> {
        if user.disabled_at.is_some() {
            return Err(super::disable::account_disabled());
        }
        let session_id = Uuid::now_v7();
        diesel::insert_into(sessions::table)
            .values((
                sessions::id.eq(session_id),
                sessions::user_id.eq(user.id),
                sessions::user_agent.eq(origin.user_agent.as_deref()),
                sessions::ip.eq(origin.ip.as_deref()),
            ))
            .execute(conn)
            .await?;
        self.issue_pair(conn, user.id, session_id, &user.username)
            .await
    }

    async fn issue_pair(
        &self,
        conn: &mut AsyncPgConnection,
        user_id: Uuid,
        session_id: Uuid,
        username: &str,
    ) -> Result<TokenPair> {
        let (refresh_token, hash) = refresh::generate();
        diesel::insert_into(refresh_tokens::table)
            .values((
                refresh_tokens::token_hash.eq(hash),
                refresh_tokens::session_id.eq(session_id),
                refresh_tokens::expires_at.eq(Utc::now() + self.refresh_ttl),
            ))
            .execute(conn)
            .await?;
        Ok(TokenPair {
            access_token: self.keys.issue(user_id, session_id, username)?,
            refresh_token,
            token_type: "Bearer".to_owned(),
            expires_in: self.keys.ttl_secs(),
        })
    }
}

/// What a password check does for an account that has none (made by an
/// external provider).
#[derive(Clone, Copy)]
pub(super) enum Passwordless {
    /// Its live login is proof enough (deleting it).
    Pass,
    /// Refused like a wrong password (changing it needs the provider's account
    /// to set one first).
    Refuse,
}

enum Rotation {
    Rotated(TokenPair),
    Reused(Uuid),
}
