//! Single-use links: a random token mailed (or printed for an operator), kept
//! only as its SHA-256, working once and for a while. Using one spends every
//! other link of the same purpose for that account.

use super::refresh;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::schema::account_links;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    /// A short code (not a link) confirming an account's deletion; its token
    /// is `<user id>:<code>`, so equal codes of two accounts differ.
    DeleteAccount,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::DeleteAccount => "delete_account",
        }
    }
}

/// What a spent link was for.
pub struct Redeemed {
    pub user_id: Uuid,
    /// The address a verification link proves.
    pub email: Option<String>,
}

/// A new link's token, in the caller's transaction.
pub async fn issue(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    purpose: Purpose,
    email: Option<&str>,
    ttl_secs: u64,
) -> Result<String> {
    let (token, hash) = refresh::generate();
    store(conn, user, purpose, email, ttl_secs, hash).await?;
    Ok(token)
}

/// Keeps a token the caller made (a short code), by its hash.
pub async fn store(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    purpose: Purpose,
    email: Option<&str>,
    ttl_secs: u64,
    hash: Vec<u8>,
) -> Result<()> {
    diesel::insert_into(account_links::table)
        .values((
            account_links::token_hash.eq(hash),
            account_links::user_id.eq(user),
            account_links::purpose.eq(purpose.as_str()),
            account_links::email.eq(email),
            account_links::expires_at.eq(Utc::now() + Duration::seconds(ttl_secs as i64)),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Spends the link: 400 `invalid_link` if it never existed (or is for another
/// purpose), 410 `link_used` / `link_expired` if it did.
pub async fn redeem(
    conn: &mut AsyncPgConnection,
    purpose: Purpose,
    token: &str,
) -> Result<Redeemed> {
    redeem_hash(conn, purpose, &refresh::hash(token)).await
}

/// [`redeem`] by the token's hash.
pub async fn redeem_hash(
    conn: &mut AsyncPgConnection,
    purpose: Purpose,
    hash: &[u8],
) -> Result<Redeemed> {
    let now = Utc::now();
    let spent: Option<(Uuid, Option<String>)> = diesel::update(
        account_links::table
            .filter(account_links::token_hash.eq(hash))
            .filter(account_links::purpose.eq(purpose.as_str()))
            .filter(account_links::used_at.is_null())
            .filter(account_links::expires_at.gt(now)),
    )
    .set(account_links::used_at.eq(now))
    .returning((account_links::user_id, account_links::email))
    .get_result(conn)
    .await
    .optional()?;
    if let Some((user_id, email)) = spent {
        diesel::update(
            account_links::table
                .filter(account_links::user_id.eq(user_id))
                .filter(account_links::purpose.eq(purpose.as_str()))
                .filter(account_links::used_at.is_null()),
        )
        .set(account_links::used_at.eq(now))
        .execute(conn)
        .await?;
        return Ok(Redeemed { user_id, email });
    }
    let known: Option<Option<chrono::DateTime<Utc>>> = account_links::table
        .filter(account_links::token_hash.eq(hash))
        .filter(account_links::purpose.eq(purpose.as_str()))
        .select(account_links::used_at)
        .first(conn)
        .await
        .optional()?;
    Err(match known {
        Some(Some(_)) => Error::new(
            ErrorCode::LinkUsed,
            "this link was already used (or a newer one was); ask for a new one",
        ),
        Some(None) => Error::new(
            ErrorCode::LinkExpired,
            "this link has expired; ask for a new one",
        ),
        None => Error::new(ErrorCode::InvalidLink, "this link is not valid"),
    })
}
