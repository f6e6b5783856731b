//! Proving an email: a link mailed to it, which alone sets
//! `email_verified_at`. A proven email belongs to one live account.

use super::links::{self, Purpose};
use super::service::AuthService;
use super::tokens::Identity;
use super::{Origin, audit};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::mail::templates;
use crate::schema::users;
use crate::users::User;
use crate::users::repo as user_repo;
use chrono::Utc;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

fn email_taken() -> Error {
    Error::new(
        ErrorCode::EmailTaken,
        "another account has proven that email",
    )
}

/// The live account that proved `email` (case-insensitive), if any: there
/// is at most one (the partial unique index).
pub(super) async fn user_with_proven_email(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> Result<Option<User>> {
    Ok(users::table
        .filter(lower_email_is(email))
        .filter(users::email_verified_at.is_not_null())
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Refuses an email another live account has proven.
pub(super) async fn ensure_unclaimed(
    conn: &mut AsyncPgConnection,
    email: &str,
    except: Option<Uuid>,
) -> Result<()> {
    match user_with_proven_email(conn, email).await? {
        Some(owner) if Some(owner.id) != except => Err(email_taken()),
        _ => Ok(()),
    }
}

diesel::define_sql_function!(
    fn lower(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>
);

/// `lower(email) = lower($1)`, the comparison the unique index is built on.
fn lower_email_is(email: &str) -> diesel::dsl::Eq<lower<users::email>, String> {
    lower(users::email).eq(email.to_lowercase())
}

impl AuthService {
    /// A verification link for the user's unproven email, in the caller's
    /// transaction; None when there is nothing to prove or mail is off.
    pub(super) async fn verification_link(
        &self,
        conn: &mut AsyncPgConnection,
        user: &User,
    ) -> Result<Option<String>> {
        let Some(email) = user.email.as_deref() else {
            return Ok(None);
        };
        if !self.mailer.enabled() || user.email_verified_at.is_some() {
            return Ok(None);
        }
        let token = links::issue(
            conn,
            user.id,
            Purpose::VerifyEmail,
            Some(email),
            self.accounts.mailed_link_ttl_secs,
        )
        .await?;
        Ok(Some(self.links.verify_email(&token)))
    }

    /// Mails a verification link (after its transaction committed).
    pub(super) fn send_verification(&self, user: &User, link: &str) {
        if let Some(email) = user.email.as_deref() {
            self.mailer.send(
                email,
                templates::verify_email(
                    &user.username,
                    link,
                    self.accounts.mailed_link_ttl_secs / 60,
                ),
            );
        }
    }

    /// Mails a new verification link to the caller's unproven email.
    pub async fn resend_verification(&self, who: &Identity) -> Result<()> {
        self.mailer.require_enabled()?;
        let mut conn = self.pool.get().await?;
        let user = user_repo::get_self(&mut conn, who.user_id).await?;
        if user.email.is_none() {
            return Err(Error::new(
                ErrorCode::NoEmail,
                "the account has no email to confirm",
            ));
        }
        if user.email_verified_at.is_some() {
            return Err(Error::new(
                ErrorCode::EmailAlreadyVerified,
                "the email is already confirmed",
            ));
        }
        self.mail_verification(&mut conn, &user).await
    }

    /// Mails a fresh verification link for the user's unproven email
    /// (nothing when there is none, or mail is off).
    async fn mail_verification(&self, conn: &mut AsyncPgConnection, user: &User) -> Result<()> {
        if let Some(link) = self.verification_link(conn, user).await? {
            self.send_verification(user, &link);
        }
        Ok(())
    }

    /// Proves the email the link was mailed to, if it is still the account's.
    pub async fn verify_email(&self, token: &str, origin: &Origin) -> Result<User> {
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            let link = links::redeem(conn, Purpose::VerifyEmail, token).await?;
            let user = user_repo::get(conn, link.user_id).await?;
            let current = user.email.as_deref().map(str::to_lowercase);
            if current.is_none() || current != link.email.as_deref().map(str::to_lowercase) {
                return Err(Error::new(
                    ErrorCode::LinkStale,
                    "the account's email changed since this link was sent",
                ));
            }
            if user.email_verified_at.is_some() {
                return Ok(user);
            }
            let verified: User = diesel::update(users::table.find(user.id))
                .set(users::email_verified_at.eq(Utc::now()))
                .returning(User::as_returning())
                .get_result(conn)
                .await
                .map_err(|e| match e {
                    DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                        email_taken()
                    }
                    other => other.into(),
                })?;
            audit::record(conn, user.id, audit::Kind::EmailVerified, origin).await?;
            Ok(verified)
        })
        .await
    }

    /// Checks a new email before it is set: another account's proven one is
    /// refused.
    pub async fn check_new_email(&self, who: &Identity, email: &str) -> Result<()> {
        let mut conn = self.pool.get().await?;
        ensure_unclaimed(&mut conn, email, Some(who.user_id)).await
    }

    /// After the email changed: a link to prove the new one, and a notice to
    /// the old one if it was proven (whoever changed it may not be its owner).
    pub async fn email_changed(&self, user: &User, previous_proven: Option<&str>) -> Result<()> {
        let mut conn = self.pool.get().await?;
        self.mail_verification(&mut conn, user).await?;
        if let (Some(previous), Some(new)) = (previous_proven, user.email.as_deref()) {
            self.mailer
                .send(previous, templates::email_changed(&user.username, new));
        }
        Ok(())
    }
}
