//! The account's security log: what changed how one gets in (passwords reset,
//! recovery codes used, email proven, logins ended), when and from where. Its
//! owner reads it; nobody else does.

use super::Origin;
use crate::error::Result;
use crate::schema::account_events;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PasswordChanged,
    /// By a link mailed to the account's proven email.
    PasswordResetByEmail,
    /// By a link an operator made (`confab-api admin reset-link`).
    PasswordResetByOperator,
    /// By one of the account's recovery codes.
    PasswordResetByRecoveryCode,
    RecoveryCodesGenerated,
    EmailVerified,
    NewDeviceLogin,
    SessionRevoked,
    OtherSessionsRevoked,
    TotpEnabled,
    TotpDisabled,
    /// A recovery code stood in for the second factor at login.
    RecoveryCodeUsed,
    PasskeyAdded,
    PasskeyRemoved,
    TokenCreated,
    TokenRevoked,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PasswordChanged => "password.changed",
            Self::PasswordResetByEmail => "password.reset_by_email",
            Self::PasswordResetByOperator => "password.reset_by_operator",
            Self::PasswordResetByRecoveryCode => "password.reset_by_recovery_code",
            Self::RecoveryCodesGenerated => "recovery_codes.generated",
            Self::EmailVerified => "email.verified",
            Self::NewDeviceLogin => "login.new_device",
            Self::SessionRevoked => "session.revoked",
            Self::OtherSessionsRevoked => "sessions.others_revoked",
            Self::TotpEnabled => "two_factor.totp_enabled",
            Self::TotpDisabled => "two_factor.totp_disabled",
            Self::RecoveryCodeUsed => "recovery_code.used_at_login",
            Self::PasskeyAdded => "passkey.added",
            Self::PasskeyRemoved => "passkey.removed",
            Self::TokenCreated => "token.created",
            Self::TokenRevoked => "token.revoked",
        }
    }
}

/// One entry of the security log, as its owner sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SecurityEvent {
    pub id: Uuid,
    /// `password.changed`, `password.reset_by_email`,
    /// `password.reset_by_operator`, `password.reset_by_recovery_code`,
    /// `recovery_codes.generated`, `email.verified`, `login.new_device`,
    /// `session.revoked`, `sessions.others_revoked`, `two_factor.totp_enabled`,
    /// `two_factor.totp_disabled`, `recovery_code.used_at_login`,
    /// `passkey.added`, `passkey.removed`, `token.created`, `token.revoked`.
    pub kind: String,
    /// The client address it came from, when known.
    pub ip: Option<String>,
    /// The device, from its user agent ("Firefox on Linux").
    pub device: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = account_events)]
struct Row {
    id: Uuid,
    kind: String,
    ip: Option<String>,
    user_agent: Option<String>,
    created_at: DateTime<Utc>,
}

/// Records an entry, in the caller's transaction.
pub async fn record(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    kind: Kind,
    origin: &Origin,
) -> Result<()> {
    diesel::insert_into(account_events::table)
        .values((
            account_events::id.eq(Uuid::now_v7()),
            account_events::user_id.eq(user),
            account_events::kind.eq(kind.as_str()),
            account_events::ip.eq(origin.ip.as_deref()),
            account_events::user_agent.eq(origin.user_agent.as_deref()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The newest `limit` entries, newest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    limit: i64,
) -> Result<Vec<SecurityEvent>> {
    let rows: Vec<Row> = account_events::table
        .filter(account_events::user_id.eq(user))
        .order(account_events::id.desc())
        .limit(limit)
        .select(Row::as_select())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| SecurityEvent {
            id: row.id,
            kind: row.kind,
            ip: row.ip,
            device: row.user_agent.as_deref().map(super::sessions::device_name),
            created_at: row.created_at,
        })
        .collect())
}
