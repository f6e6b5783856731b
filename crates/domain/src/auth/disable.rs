//! A site administrator disables an account: every login and access token of
//! it ends (its sockets close by the `session.revoked` event), and it cannot
//! log in again until re-enabled. Both are in the site audit log.

use super::revocation::{self, Logins};
use super::service::AuthService;
use crate::admin::{self, AdminUser, SiteAction};
use crate::audit::AuditReason;
use crate::error::{Error, ErrorCode, Result};
use crate::schema::users;
use crate::users::User;
use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde_json::json;
use uuid::Uuid;

/// The refusal a disabled account meets at every way in.
pub fn account_disabled() -> Error {
    Error::new(
        ErrorCode::AccountDisabled,
        "a site administrator disabled this account",
    )
}

impl AuthService {
    /// Disables `target` (not oneself) and ends all its logins.
    pub async fn disable_account(
        &self,
        admin: Uuid,
        target: Uuid,
        reason: &AuditReason,
    ) -> Result<AdminUser> {
        if admin == target {
            return Err(Error::new(
                ErrorCode::CannotDisableSelf,
                "administrators cannot disable their own account",
            ));
        }
        let mut conn = self.pool.get().await?;
        let (user, ended) = conn
            .transaction::<_, Error, _>(async |conn| {
                admin::require_admin(conn, admin).await?;
                let user = set_disabled(conn, target, Some(reason)).await?;
                let ended = revocation::revoke(conn, target, Logins::All).await?;
                log(
                    conn,
                    admin,
                    SiteAction::AccountDisabled,
                    target,
                    reason,
                    ended.len(),
                )
                .await?;
                Ok((user, ended))
            })
            .await?;
        drop(conn);
        self.revoked(&ended).await;
        Ok(AdminUser::from(&user))
    }

    /// Lets `target` log in again.
    pub async fn enable_account(
        &self,
        admin: Uuid,
        target: Uuid,
        reason: &AuditReason,
    ) -> Result<AdminUser> {
        let mut conn = self.pool.get().await?;
        let user = conn
            .transaction::<_, Error, _>(async |conn| {
                admin::require_admin(conn, admin).await?;
                let user = set_disabled(conn, target, None).await?;
                log(conn, admin, SiteAction::AccountEnabled, target, reason, 0).await?;
                Ok(user)
            })
            .await?;
        Ok(AdminUser::from(&user))
    }
}

async fn set_disabled(
    conn: &mut diesel_async::AsyncPgConnection,
    target: Uuid,
    reason: Option<&AuditReason>,
) -> Result<User> {
    diesel::update(
        users::table
            .find(target)
            .filter(users::deleted_at.is_null()),
    )
    .set((
        users::disabled_at.eq(reason.map(|_| Utc::now())),
        users::disabled_reason.eq(reason.map(AuditReason::as_str)),
    ))
    .returning(User::as_returning())
    .get_result(conn)
    .await
    .optional()?
    .ok_or(Error::not_found("user"))
}

async fn log(
    conn: &mut diesel_async::AsyncPgConnection,
    admin: Uuid,
    action: SiteAction,
    target: Uuid,
    reason: &AuditReason,
    logins_ended: usize,
) -> Result<()> {
    admin::record(
        conn,
        admin::Logged {
            action,
            actor: Some(admin),
            target_user: Some(target),
            target_group: None,
            details: json!({ "logins_ended": logins_ended }),
            reason: Some(reason.as_str()),
        },
    )
    .await
}
