//! Two-factor authentication with time-based one-time codes (RFC 6238, the
//! totp-rs crate): set up (secret, otpauth URL, QR code), switched on only by
//! a correct code, then asked for after the password at every login (a
//! recovery code may stand in). Codes are accepted one step (30 s) either
//! side of now, and each works once.

use super::recovery_codes;
use super::service::{AuthService, Passwordless, TokenPair};
use super::tokens::Identity;
use super::{Origin, RecoveryCodes, audit};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::schema::users;
use crate::users::User;
use crate::users::repo as user_repo;
use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm, Secret, TOTP};
use utoipa::ToSchema;
use uuid::Uuid;

const ISSUER: &str = "Confab";
const STEP_SECS: u64 = 30;
const DIGITS: usize = 6;

/// What an authenticator app needs, shown while setting up.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TotpSetup {
    /// The secret in base32, for typing into an app by hand.
    pub secret: String,
    /// `otpauth://totp/...`, what the QR code holds.
    pub otpauth_url: String,
    /// The QR code as a PNG, base64-encoded (`data:image/png;base64,` + this).
    pub qr_png_base64: String,
}

/// Codes are now required at login.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TotpEnabled {
    /// A first set of recovery codes when the account had none left (shown
    /// once); null when it still has some.
    pub recovery_codes: Option<RecoveryCodes>,
}

/// Which second factors the account has.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TwoFactorStatus {
    pub totp_enabled: bool,
    /// Recovery codes not yet used.
    pub recovery_codes_remaining: i64,
}

/// What the second login step accepts.
pub enum SecondFactor<'a> {
    Totp(&'a str),
    RecoveryCode(&'a str),
    /// The answer to a passkey prompt of `start_passkey_second_factor`.
    Passkey {
        ceremony_id: Uuid,
        credential: &'a webauthn_rs::prelude::PublicKeyCredential,
    },
}

pub(super) fn invalid_challenge() -> Error {
    Error::new(
        ErrorCode::InvalidChallenge,
        "this login attempt expired or was finished; log in again",
    )
}

/// A wrong code from someone signed in (turning codes on or off): 403, so a
/// client does not take it for an expired token.
fn wrong_code() -> Error {
    Error::new(
        ErrorCode::WrongCode,
        "the code is wrong, expired or already used",
    )
}

fn invalid_code() -> Error {
    Error::new(
        ErrorCode::InvalidSecondFactor,
        "the code is wrong, expired or already used",
    )
}

fn totp(secret: &str, username: &str) -> Result<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|e| Error::internal(format!("stored TOTP secret: {e:?}")))?;
    // Skew 0: the steps either side are tried one by one, so the one that
    // matched is known and can be spent.
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        0,
        STEP_SECS,
        bytes,
        Some(ISSUER.to_owned()),
        username.to_owned(),
    )
    .map_err(|e| Error::internal(format!("TOTP: {e}")))
}

/// The time step (the one of `now_secs`, or one either side) whose code
/// `code` is.
fn matching_step(totp: &TOTP, code: &str, now_secs: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let now = now_secs / STEP_SECS;
    [now.saturating_sub(1), now, now + 1]
        .into_iter()
        .find(|step| totp.check(&code, step * STEP_SECS))
        .map(|step| step as i64)
}

/// Accepts a code of the user's live secret once: the step it matched must
/// be later than the last one accepted.
async fn spend_code(
    conn: &mut AsyncPgConnection,
    user: &User,
    secret: &str,
    code: &str,
) -> Result<bool> {
    let now = super::tokens::now_secs();
    let Some(step) = matching_step(&totp(secret, &user.username)?, code, now) else {
        return Ok(false);
    };
    let spent = diesel::update(
        users::table.find(user.id).filter(
            users::totp_last_step
                .is_null()
                .or(users::totp_last_step.lt(step)),
        ),
    )
    .set(users::totp_last_step.eq(step))
    .execute(conn)
    .await?;
    Ok(spent == 1)
}

/// A current code of the user's app, or else one of their recovery codes
/// (spent either way).
async fn second_factor_holds(
    conn: &mut AsyncPgConnection,
    user: &User,
    code: &str,
) -> Result<bool> {
    if let Some(secret) = secret_of(conn, user.id).await?
        && spend_code(conn, user, &secret, code).await?
    {
        return Ok(true);
    }
    recovery_codes::spend(conn, user.id, code).await
}

async fn secret_of(conn: &mut AsyncPgConnection, user: Uuid) -> Result<Option<String>> {
    Ok(users::table
        .find(user)
        .select(users::totp_secret)
        .first::<Option<String>>(conn)
        .await?)
}

impl AuthService {
    /// A new secret to set up an app with (replacing an unfinished setup).
    pub async fn setup_totp(&self, who: &Identity) -> Result<TotpSetup> {
        let mut conn = self.pool.get().await?;
        let user = user_repo::get_self(&mut conn, who.user_id).await?;
        if user.totp_enabled_at.is_some() {
            return Err(Error::new(
                ErrorCode::TotpAlreadyEnabled,
                "one-time codes are already on; switch them off first",
            ));
        }
        let secret = Secret::generate_secret().to_encoded().to_string();
        let totp = totp(&secret, &user.username)?;
        let setup = TotpSetup {
            otpauth_url: totp.get_url(),
            qr_png_base64: totp.get_qr_base64().map_err(Error::internal)?,
            secret,
        };
        diesel::update(users::table.find(user.id))
            .set((
                users::totp_secret.eq(&setup.secret),
                users::totp_last_step.eq(None::<i64>),
            ))
            .execute(&mut conn)
            .await?;
        Ok(setup)
    }

    /// Switches codes on, once the app proved it has the secret.
    pub async fn enable_totp(
        &self,
        who: &Identity,
        code: &str,
        origin: &Origin,
    ) -> Result<TotpEnabled> {
        let mut conn = self.pool.get().await?;
        let enabled = conn
            .transaction::<_, Error, _>(async |conn| {
                let user = user_repo::get_self(conn, who.user_id).await?;
                if user.totp_enabled_at.is_some() {
                    return Err(Error::new(
                        ErrorCode::TotpAlreadyEnabled,
                        "one-time codes are already on",
                    ));
                }
                let secret = secret_of(conn, user.id).await?.ok_or(Error::new(
                    ErrorCode::TotpNotSetUp,
                    "start the setup first (POST /users/me/two-factor/totp/setup)",
                ))?;
                if !spend_code(conn, &user, &secret, code).await? {
                    return Err(wrong_code());
                }
                diesel::update(users::table.find(user.id))
                    .set(users::totp_enabled_at.eq(Utc::now()))
                    .execute(conn)
                    .await?;
                audit::record(conn, user.id, audit::Kind::TotpEnabled, origin).await?;
                recovery_codes::remaining(conn, user.id).await
            })
            .await?;
        drop(conn);
        let recovery_codes = if enabled == 0 {
            Some(self.replace_recovery_codes(who.user_id, origin).await?)
        } else {
            None
        };
        Ok(TotpEnabled { recovery_codes })
    }

    /// Switches codes off: the password and a current code (or a recovery
    /// code) prove it is the owner.
    pub async fn disable_totp(
        &self,
        who: &Identity,
        password: &str,
        code: &str,
        origin: &Origin,
    ) -> Result<()> {
        self.check_password(who, password, Passwordless::Pass, "the password is wrong")
            .await?;
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            let user = user_repo::get_self(conn, who.user_id).await?;
            if user.totp_enabled_at.is_none() {
                return Err(Error::new(
                    ErrorCode::TotpNotEnabled,
                    "one-time codes are not on",
                ));
            }
            if !second_factor_holds(conn, &user, code).await? {
                return Err(wrong_code());
            }
            diesel::update(users::table.find(user.id))
                .set((
                    users::totp_secret.eq(None::<String>),
                    users::totp_enabled_at.eq(None::<chrono::DateTime<Utc>>),
                    users::totp_last_step.eq(None::<i64>),
                ))
                .execute(conn)
                .await?;
            audit::record(conn, user.id, audit::Kind::TotpDisabled, origin).await
        })
        .await
    }

    pub async fn two_factor_status(&self, who: &Identity) -> Result<TwoFactorStatus> {
        let mut conn = self.pool.get().await?;
        let user = user_repo::get_self(&mut conn, who.user_id).await?;
        Ok(TwoFactorStatus {
            totp_enabled: user.totp_enabled_at.is_some(),
            recovery_codes_remaining: recovery_codes::remaining(&mut conn, user.id).await?,
        })
    }

    /// Whose login a second-factor challenge is for (to limit attempts per
    /// account before checking them).
    pub async fn challenge_owner(&self, challenge: &str) -> Result<Option<Uuid>> {
        self.challenges.user(challenge).await
    }

    /// The second login step: the challenge from the password step and a
    /// code. Opens the login.
    pub async fn complete_second_factor(
        &self,
        challenge: &str,
        factor: SecondFactor<'_>,
        origin: &Origin,
    ) -> Result<(User, TokenPair)> {
        let user_id = self
            .challenges
            .user(challenge)
            .await?
            .ok_or_else(invalid_challenge)?;
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            let user = user_repo::get_self(conn, user_id).await?;
            let holds = match factor {
                SecondFactor::Totp(code) => match secret_of(conn, user.id).await? {
                    Some(secret) if user.totp_enabled_at.is_some() => {
                        spend_code(conn, &user, &secret, code).await?
                    }
                    _ => false,
                },
                SecondFactor::Passkey {
                    ceremony_id,
                    credential,
                } => {
                    self.passkey_holds(conn, &user, ceremony_id, credential)
                        .await?
                }
                SecondFactor::RecoveryCode(code) => {
                    let spent = recovery_codes::spend(conn, user.id, code).await?;
                    if spent {
                        audit::record(conn, user.id, audit::Kind::RecoveryCodeUsed, origin).await?;
                    }
                    spent
                }
            };
            if !holds {
                return Err(invalid_code());
            }
            // Spent last, inside the transaction: if two right answers race,
            // the loser's transaction (and its spent code) rolls back.
            if !self.challenges.spend(challenge).await? {
                return Err(invalid_challenge());
            }
            let tokens = self.open_session(conn, &user, origin).await?;
            Ok((user, tokens))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_own_step_and_one_either_side_only() {
        let secret = Secret::generate_secret().to_encoded().to_string();
        let totp = totp(&secret, "ann").unwrap();
        let now = 1_800_000_015;
        let step = (now / STEP_SECS) as i64;
        for offset in [-1i64, 0, 1] {
            let at = (now as i64 + offset * STEP_SECS as i64) as u64;
            assert_eq!(
                matching_step(&totp, &totp.generate(at), now),
                Some(step + offset),
                "{offset} steps away"
            );
        }
        for offset in [-2i64, 2] {
            let at = (now as i64 + offset * STEP_SECS as i64) as u64;
            assert_eq!(matching_step(&totp, &totp.generate(at), now), None);
        }
        let spaced =
            format!("{} ", totp.generate(now).split_at(3).0) + totp.generate(now).split_at(3).1;
        assert_eq!(matching_step(&totp, &spaced, now), Some(step));
    }
}
