//! Deleting an account: proven by its password, or (for an account made by an
//! external provider, which has none) by a fresh sign-in with that provider or
//! a code mailed to the proven email. A stolen access token alone deletes
//! nothing.

use super::links::{self, Purpose};
use super::refresh;
use super::revocation::{self, Logins};
use super::service::{AuthService, Passwordless};
use super::tokens::Identity;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::mail::templates;
use crate::schema::user_identities;
use crate::users::repo as user_repo;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

/// How long a mailed deletion code works.
const CODE_TTL_SECS: u64 = 900;

/// What confirms a deletion.
pub enum DeletionProof<'a> {
    Password(&'a str),
    /// A fresh ID token of the provider, already verified and its nonce spent.
    Provider {
        issuer: &'a str,
        subject: &'a str,
    },
    /// The code of `POST /users/me/deletion-code`.
    EmailCode(&'a str),
}

fn code_hash(user: Uuid, code: &str) -> Vec<u8> {
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    refresh::hash(&format!("{user}:{digits}"))
}

fn wrong(code: ErrorCode, message: &'static str) -> Error {
    Error::new(code, message)
}

impl AuthService {
    /// Mails a six-digit code that confirms deleting the caller's account.
    pub async fn request_deletion_code(&self, who: &Identity) -> Result<()> {
        self.mailer.require_enabled()?;
        let mut conn = self.pool.get().await?;
        let user = user_repo::get_self(&mut conn, who.user_id).await?;
        let (Some(email), Some(_)) = (user.email.as_deref(), user.email_verified_at) else {
            return Err(Error::new(
                ErrorCode::NoVerifiedEmail,
                "the account has no confirmed email to send a code to",
            ));
        };
        let code = format!("{:06}", rand::random_range(0..1_000_000u32));
        links::store(
            &mut conn,
            user.id,
            Purpose::DeleteAccount,
            Some(email),
            CODE_TTL_SECS,
            code_hash(user.id, &code),
        )
        .await?;
        self.mailer.send(
            email,
            templates::deletion_code(&user.username, &code, CODE_TTL_SECS / 60),
        );
        Ok(())
    }

    /// Deletes the account once `proof` holds: leaves every group and
    /// friendship, and ends every login.
    pub async fn delete_account(&self, who: &Identity, proof: DeletionProof<'_>) -> Result<()> {
        if let DeletionProof::Password(password) = proof {
            self.check_password(who, password, Passwordless::Refuse, "the password is wrong")
                .await?;
        }
        let mut conn = self.pool.get().await?;
        let ids = conn
            .transaction::<_, Error, _>(async |conn| {
                match proof {
                    DeletionProof::Password(_) => {}
                    DeletionProof::Provider { issuer, subject } => {
                        let owner: Option<Uuid> = user_identities::table
                            .filter(user_identities::issuer.eq(issuer))
                            .filter(user_identities::subject.eq(subject))
                            .select(user_identities::user_id)
                            .first(conn)
                            .await
                            .optional()?;
                        if owner != Some(who.user_id) {
                            return Err(wrong(
                                ErrorCode::WrongIdentity,
                                "that sign-in is not of an identity linked to this account",
                            ));
                        }
                    }
                    DeletionProof::EmailCode(code) => {
                        let hash = code_hash(who.user_id, code);
                        links::redeem_hash(conn, Purpose::DeleteAccount, &hash)
                            .await
                            .map_err(|e| match e {
                                e if e.is(ErrorCode::InvalidLink) => wrong(
                                    ErrorCode::WrongCode,
                                    "the code is wrong; ask for a new one if needed",
                                ),
                                other => other,
                            })?;
                    }
                }
                // The person's bots go with them.
                let mut ended = Vec::new();
                for bot in super::bots::bots_of(conn, who.user_id).await? {
                    ended.extend(super::bots::remove(conn, bot.id).await?);
                }
                crate::groups::leave_all(conn, who.user_id).await?;
                crate::friends::forget(conn, who.user_id).await?;
                user_repo::soft_delete(conn, who.user_id).await?;
                ended.extend(revocation::revoke(conn, who.user_id, Logins::All).await?);
                Ok(ended)
            })
            .await?;
        drop(conn);
        self.revoked(&ids).await;
        Ok(())
    }
}
