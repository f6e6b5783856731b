//! Resetting a forgotten password: by a link mailed to the proven email, by a
//! link an operator printed, or with a recovery code. Each ends every login
//! (their sockets close), tells the owner, and is written to the security log.

use super::links::{self, Purpose};
use super::recovery_codes;
use super::revocation::{self, Logins};
use super::service::AuthService;
use super::{Origin, audit};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::mail::templates;
use crate::notifications::{self, Kind as NotificationKind};
use crate::users::repo as user_repo;
use crate::users::{Password, User, Username};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

fn invalid_recovery() -> Error {
    Error::new(
        ErrorCode::InvalidRecoveryCode,
        "wrong username or recovery code",
    )
}

impl AuthService {
    /// Mails a reset link if a live account has proven this email. The answer
    /// is the same either way, and comes before the lookup, so neither its
    /// words nor its time tell whether the address is known.
    pub fn forgot_password(&self, email: String) -> Result<()> {
        self.mailer.require_enabled()?;
        let this = self.clone();
        tokio::spawn(async move {
            if let Err(e) = this.mail_reset_link(&email).await {
                tracing::error!(error = %e, "reset link not mailed");
            }
        });
        Ok(())
    }

    async fn mail_reset_link(&self, email: &str) -> Result<()> {
        let mut conn = self.pool.get().await?;
        let Some(user) = super::email::user_with_proven_email(&mut conn, email).await? else {
            return Ok(());
        };
        let Some(address) = user.email.clone() else {
            return Ok(());
        };
        let token = links::issue(
            &mut conn,
            user.id,
            Purpose::ResetPassword,
            Some(&address),
            self.accounts.mailed_link_ttl_secs,
        )
        .await?;
        self.mailer.send(
            &address,
            templates::reset_password(
                &user.username,
                &self.links.reset_password(&token),
                self.accounts.mailed_link_ttl_secs / 60,
            ),
        );
        Ok(())
    }

    /// A single-use reset link for an operator to hand over (no mail needed).
    pub async fn operator_reset_link(&self, username: &str) -> Result<String> {
        let name = Username::parse(username)?;
        let mut conn = self.pool.get().await?;
        let user = user_repo::find_by_username(&mut conn, &name)
            .await?
            .ok_or(Error::not_found("user"))?;
        let token = links::issue(
            &mut conn,
            user.id,
            Purpose::ResetPassword,
            None,
            self.accounts.operator_link_ttl_secs,
        )
        .await?;
        Ok(self.links.reset_password(&token))
    }

    /// Sets a new password through a reset link (mailed, or an operator's).
    pub async fn reset_password(&self, token: &str, new: Password, origin: &Origin) -> Result<()> {
        let hash = self.hasher.hash(new).await?;
        let mut conn = self.pool.get().await?;
        let (user, ids) = conn
            .transaction::<_, Error, _>(async |conn| {
                let link = links::redeem(conn, Purpose::ResetPassword, token).await?;
                let how = match link.email {
                    Some(_) => audit::Kind::PasswordResetByEmail,
                    None => audit::Kind::PasswordResetByOperator,
                };
                let user = user_repo::get(conn, link.user_id).await?;
                let ids = self
                    .replace_password(conn, user.id, hash, how, origin)
                    .await?;
                Ok((user, ids))
            })
            .await?;
        drop(conn);
        self.after_reset(&user, "with a reset link", origin, &ids)
            .await;
        Ok(())
    }

    /// Sets a new password with one of the account's recovery codes. Unknown
    /// user and wrong code look alike.
    pub async fn recover_with_code(
        &self,
        username: &str,
        code: &str,
        new: Password,
        origin: &Origin,
    ) -> Result<()> {
        let hash = self.hasher.hash(new).await?;
        let name = Username::parse(username).map_err(|_| invalid_recovery())?;
        let mut conn = self.pool.get().await?;
        let (user, ids) = conn
            .transaction::<_, Error, _>(async |conn| {
                let user = user_repo::find_by_username(conn, &name)
                    .await?
                    .ok_or_else(invalid_recovery)?;
                if !recovery_codes::spend(conn, user.id, code).await? {
                    return Err(invalid_recovery());
                }
                let how = audit::Kind::PasswordResetByRecoveryCode;
                let ids = self
                    .replace_password(conn, user.id, hash, how, origin)
                    .await?;
                Ok((user, ids))
            })
            .await?;
        drop(conn);
        self.after_reset(&user, "with a recovery code", origin, &ids)
            .await;
        Ok(())
    }

    /// The new hash, the log entry, the notification, and every login ended,
    /// in the caller's transaction.
    async fn replace_password(
        &self,
        conn: &mut AsyncPgConnection,
        user: Uuid,
        hash: String,
        how: audit::Kind,
        origin: &Origin,
    ) -> Result<Vec<Uuid>> {
        user_repo::set_password_hash(conn, user, hash).await?;
        audit::record(conn, user, how, origin).await?;
        notifications::create_about_account(
            conn,
            user,
            NotificationKind::PasswordReset,
            serde_json::json!({ "how": how.as_str(), "ip": origin.ip }),
        )
        .await?;
        revocation::revoke(conn, user, Logins::All).await
    }

    /// Once committed: the logins' sockets closed, and a mail to the proven
    /// email.
    async fn after_reset(&self, user: &User, how: &str, origin: &Origin, ids: &[Uuid]) {
        self.revoked(ids).await;
        if let (Some(email), Some(_)) = (&user.email, user.email_verified_at) {
            self.mailer.send(
                email,
                templates::password_was_reset(&user.username, how, origin.address()),
            );
        }
    }
}
