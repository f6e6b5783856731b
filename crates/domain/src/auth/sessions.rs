//! A user's logins as they see them (device, address, when), ending one or
//! all the others (their sockets close at once, through `revocation`), and the
//! notice when a device the account has not seen logs in.

use super::revocation::{self, Logins};
use super::service::AuthService;
use super::tokens::Identity;
use super::{Origin, audit};
use crate::error::{Error, Result};
use crate::mail::templates;
use crate::notifications::{self, Kind as NotificationKind};
use crate::schema::sessions;
use crate::users::User;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One live login.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionInfo {
    pub id: Uuid,
    /// From the user agent: "Chrome on Linux", or "Unknown device".
    pub device: String,
    /// The address it logged in from, when known.
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The last time it refreshed its tokens.
    pub last_used_at: DateTime<Utc>,
    /// The login this request was made with.
    pub current: bool,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = sessions)]
struct Row {
    id: Uuid,
    user_agent: Option<String>,
    ip: Option<String>,
    created_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
}

/// A short, readable name for a user agent.
pub fn device_name(user_agent: &str) -> String {
    let Some(parsed) = woothee::parser::Parser::new().parse(user_agent) else {
        return "Unknown device".to_owned();
    };
    let known =
        |s: &str| (!s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN).then(|| s.to_owned());
    match (known(parsed.name), known(parsed.os)) {
        (Some(name), Some(os)) => format!("{name} on {os}"),
        (Some(name), None) => name,
        (None, Some(os)) => os,
        (None, None) => "Unknown device".to_owned(),
    }
}

impl AuthService {
    /// The caller's live logins, the newest first.
    pub async fn list_sessions(&self, who: &Identity) -> Result<Vec<SessionInfo>> {
        let mut conn = self.pool.get().await?;
        let rows: Vec<Row> = sessions::table
            .filter(sessions::user_id.eq(who.user_id))
            .filter(sessions::revoked_at.is_null())
            .order(sessions::id.desc())
            .select(Row::as_select())
            .load(&mut conn)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| SessionInfo {
                id: row.id,
                device: row
                    .user_agent
                    .as_deref()
                    .map(device_name)
                    .unwrap_or_else(|| "Unknown device".to_owned()),
                ip: row.ip,
                created_at: row.created_at,
                last_used_at: row.last_used_at,
                current: row.id == who.session_id,
            })
            .collect())
    }

    /// Ends one of the caller's logins (404 if it is not theirs, or ended).
    pub async fn revoke_session(
        &self,
        who: &Identity,
        session: Uuid,
        origin: &Origin,
    ) -> Result<()> {
        self.end_logins(
            who,
            Logins::One(session),
            audit::Kind::SessionRevoked,
            origin,
        )
        .await
        .and_then(|ended| {
            if ended == 0 {
                Err(Error::not_found("session"))
            } else {
                Ok(())
            }
        })
    }

    /// Ends every login of the caller but this one.
    pub async fn revoke_other_sessions(&self, who: &Identity, origin: &Origin) -> Result<()> {
        let which = Logins::AllBut(who.session_id);
        self.end_logins(who, which, audit::Kind::OtherSessionsRevoked, origin)
            .await
            .map(|_| ())
    }

    async fn end_logins(
        &self,
        who: &Identity,
        which: Logins,
        kind: audit::Kind,
        origin: &Origin,
    ) -> Result<usize> {
        let mut conn = self.pool.get().await?;
        let ids = conn
            .transaction::<_, Error, _>(async |conn| {
                let ids = revocation::revoke(conn, who.user_id, which).await?;
                if !ids.is_empty() {
                    audit::record(conn, who.user_id, kind, origin).await?;
                }
                Ok(ids)
            })
            .await?;
        drop(conn);
        self.revoked(&ids).await;
        Ok(ids.len())
    }

    /// After a login from a device the account has not seen: a notification,
    /// an entry in the security log, and (if the operator wants it) a mail to
    /// the proven email.
    pub async fn new_device_login(&self, user: &User, origin: &Origin) -> Result<()> {
        let device = origin
            .user_agent
            .as_deref()
            .map(device_name)
            .unwrap_or_else(|| "Unknown device".to_owned());
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            audit::record(conn, user.id, audit::Kind::NewDeviceLogin, origin).await?;
            notifications::create_about_account(
                conn,
                user.id,
                NotificationKind::NewDeviceLogin,
                serde_json::json!({ "device": device, "ip": origin.ip }),
            )
            .await
        })
        .await?;
        drop(conn);
        self.waker.wake();
        if let (true, Some(email), Some(_)) = (
            self.mail_new_login_alerts,
            &user.email,
            user.email_verified_at,
        ) {
            self.mailer.send(
                email,
                templates::new_login(&user.username, &device, origin.address()),
            );
        }
        Ok(())
    }
}
