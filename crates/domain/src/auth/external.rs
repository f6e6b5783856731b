//! Accounts of people an external (OpenID Connect) provider vouched for:
//! signing in with an ID token, and linking one to the caller's own account.
//! The token itself is checked in `oidc`.

use super::Origin;
use super::oidc::IdClaims;
use super::service::{AuthService, TokenPair};
use super::tokens::Identity;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::schema::user_identities;
use crate::users::repo as user_repo;
use crate::users::{DisplayName, User, Username};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

impl AuthService {
    /// Signs in the person an external provider vouched for: the user linked to
    /// their (issuer, subject), or else the local user whose email is the
    /// provider-verified one and was proven to us too (an email a local account
    /// only claims links nothing: anyone can type anyone's address), or else a
    /// new user (no password) named after them.
    pub async fn login_external(
        &self,
        claims: &IdClaims,
        origin: &Origin,
    ) -> Result<(User, TokenPair)> {
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            let linked: Option<Uuid> = user_identities::table
                .filter(user_identities::issuer.eq(&claims.iss))
                .filter(user_identities::subject.eq(&claims.sub))
                .select(user_identities::user_id)
                .first(conn)
                .await
                .optional()?;
            let user = match linked {
                Some(id) => user_repo::get_self(conn, id).await?,
                None => {
                    let user = match self.user_with_verified_email(conn, claims).await? {
                        Some(user) => user,
                        None => self.create_external_user(conn, claims).await?,
                    };
                    diesel::insert_into(user_identities::table)
                        .values((
                            user_identities::issuer.eq(&claims.iss),
                            user_identities::subject.eq(&claims.sub),
                            user_identities::user_id.eq(user.id),
                        ))
                        .execute(conn)
                        .await?;
                    user
                }
            };
            let tokens = self.open_session(conn, &user, origin).await?;
            Ok((user, tokens))
        })
        .await
    }

    async fn user_with_verified_email(
        &self,
        conn: &mut AsyncPgConnection,
        claims: &IdClaims,
    ) -> Result<Option<User>> {
        let Some(email) = claims.email.as_deref().filter(|_| claims.email_verified) else {
            return Ok(None);
        };
        super::email::user_with_proven_email(conn, email).await
    }

    /// Links the provider's (issuer, subject) to the caller's own account, so
    /// later sign-ins with it land there. Linking it again is fine; an identity
    /// linked to someone else is a conflict.
    pub async fn link_external(&self, who: &Identity, claims: &IdClaims) -> Result<()> {
        let mut conn = self.pool.get().await?;
        let inserted = diesel::insert_into(user_identities::table)
            .values((
                user_identities::issuer.eq(&claims.iss),
                user_identities::subject.eq(&claims.sub),
                user_identities::user_id.eq(who.user_id),
            ))
            .on_conflict_do_nothing()
            .execute(&mut conn)
            .await?;
        if inserted == 1 {
            return Ok(());
        }
        let owner: Uuid = user_identities::table
            .filter(user_identities::issuer.eq(&claims.iss))
            .filter(user_identities::subject.eq(&claims.sub))
            .select(user_identities::user_id)
            .first(&mut conn)
            .await?;
        if owner == who.user_id {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::IdentityTaken,
                "this provider account is linked to another user",
            ))
        }
    }

    /// A new account named after the provider's username (or email), made
    /// unique with a suffix when taken.
    async fn create_external_user(
        &self,
        conn: &mut AsyncPgConnection,
        claims: &IdClaims,
    ) -> Result<User> {
        let wanted = claims
            .preferred_username
            .clone()
            .or_else(|| {
                claims
                    .email
                    .as_deref()
                    .and_then(|e| e.split('@').next())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "user".to_owned());
        let base: String = wanted
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '.')
            .take(24)
            .collect();
        let base = if base.len() < 3 {
            format!("user{base}")
        } else {
            base
        };
        for attempt in 0..6 {
            let candidate = if attempt == 0 {
                base.clone()
            } else {
                format!("{base}_{}", &Uuid::new_v4().simple().to_string()[..6])
            };
            let username = Username::parse(&candidate)?;
            if user_repo::find_by_username(conn, &username)
                .await?
                .is_some()
            {
                continue;
            }
            let new = user_repo::NewUser {
                username,
                password_hash: None,
                email: None,
                display_name: claims
                    .name
                    .as_deref()
                    .and_then(|n| DisplayName::parse(n).ok()),
            };
            return user_repo::insert(conn, new).await;
        }
        Err(Error::internal("no free username for the external account"))
    }
}
