//! Ten one-time recovery codes: shown once, stored as hashes. One resets a
//! forgotten password when no mail can reach the owner.

use super::service::{AuthService, Passwordless};
use super::tokens::Identity;
use super::{Origin, audit};
use crate::error::{Error, Result};
use crate::schema::recovery_codes;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

const COUNT: usize = 10;
/// Letters and digits that cannot be mistaken for one another when copied by
/// hand (no 0/o, 1/l/i).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Two groups of five: ~49 bits each, and a code is tried at most a few
/// times per quarter hour per account.
const GROUP: usize = 5;

/// A fresh set, shown once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecoveryCodes {
    /// Each works once, in place of a forgotten password (and of a second
    /// factor). Keep them somewhere safe; they are not shown again.
    pub codes: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// How many codes are left, never the codes themselves.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecoveryCodesStatus {
    pub remaining: i64,
    /// When the set was made; null if there never was one.
    pub created_at: Option<DateTime<Utc>>,
}

fn new_code() -> String {
    let mut code = String::with_capacity(2 * GROUP + 1);
    for i in 0..2 * GROUP {
        if i == GROUP {
            code.push('-');
        }
        let pick = rand::random_range(0..ALPHABET.len());
        code.push(ALPHABET[pick] as char);
    }
    code
}

/// The stored form: keyed by the account, so equal codes of two accounts
/// differ; spaces, dashes and case do not matter.
fn hash(user: Uuid, code: &str) -> Vec<u8> {
    let normalised: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut digest = Sha256::new();
    digest.update(user.as_bytes());
    digest.update(normalised.as_bytes());
    digest.finalize().to_vec()
}

/// Spends one of the user's codes, in the caller's transaction. False if it
/// is not one of theirs or was used.
pub(super) async fn spend(conn: &mut AsyncPgConnection, user: Uuid, code: &str) -> Result<bool> {
    let spent = diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(user))
            .filter(recovery_codes::code_hash.eq(hash(user, code)))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Utc::now()))
    .execute(conn)
    .await?;
    Ok(spent == 1)
}

/// How many of the user's codes are unused.
pub(super) async fn remaining(conn: &mut AsyncPgConnection, user: Uuid) -> Result<i64> {
    Ok(recovery_codes::table
        .filter(recovery_codes::user_id.eq(user))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
        .await?)
}

impl AuthService {
    /// A new set of codes, replacing any earlier set. Needs the password (an
    /// account made by an external provider has none; its live login is the
    /// proof).
    pub async fn generate_recovery_codes(
        &self,
        who: &Identity,
        password: &str,
        origin: &Origin,
    ) -> Result<RecoveryCodes> {
        self.check_password(who, password, Passwordless::Pass, "the password is wrong")
            .await?;
        self.replace_recovery_codes(who.user_id, origin).await
    }

    /// A new set for `user`, replacing the old (the caller proved it is them).
    pub(super) async fn replace_recovery_codes(
        &self,
        user: Uuid,
        origin: &Origin,
    ) -> Result<RecoveryCodes> {
        let codes: Vec<String> = (0..COUNT).map(|_| new_code()).collect();
        let created_at = Utc::now();
        let rows: Vec<_> = codes
            .iter()
            .map(|code| {
                (
                    recovery_codes::user_id.eq(user),
                    recovery_codes::code_hash.eq(hash(user, code)),
                    recovery_codes::created_at.eq(created_at),
                )
            })
            .collect();
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user)))
                .execute(conn)
                .await?;
            diesel::insert_into(recovery_codes::table)
                .values(&rows)
                .execute(conn)
                .await?;
            audit::record(conn, user, audit::Kind::RecoveryCodesGenerated, origin).await
        })
        .await?;
        Ok(RecoveryCodes { codes, created_at })
    }

    pub async fn recovery_codes_status(&self, who: &Identity) -> Result<RecoveryCodesStatus> {
        let mut conn = self.pool.get().await?;
        let rows: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = recovery_codes::table
            .filter(recovery_codes::user_id.eq(who.user_id))
            .select((recovery_codes::created_at, recovery_codes::used_at))
            .load(&mut conn)
            .await?;
        Ok(RecoveryCodesStatus {
            remaining: rows.iter().filter(|(_, used)| used.is_none()).count() as i64,
            created_at: rows.iter().map(|(created, _)| *created).next(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_two_groups_of_five_and_hash_loosely() {
        let code = new_code();
        assert_eq!(code.len(), 11);
        assert_eq!(&code[5..6], "-");
        let user = Uuid::now_v7();
        let typed = format!(" {} ", code.to_uppercase().replace('-', " "));
        assert_eq!(hash(user, &code), hash(user, &typed));
        assert_ne!(hash(user, &code), hash(Uuid::now_v7(), &code));
    }
}
