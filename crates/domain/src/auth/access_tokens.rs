//! Personal access tokens: what a user's own code (a script, a bot's
//! process) authenticates with instead of a person's short-lived login token.
//! Named, limited to scopes, optionally expiring, listed with their last use,
//! revocable; only the SHA-256 of the secret is stored and the token is shown
//! once. A token's id is its "session": revoking it goes through the same
//! `session.revoked` event and revoked-login set as ending a login, so its
//! sockets close and its calls are refused alike.

use super::audit::{self, Kind as AuditKind};
use super::refresh::{hash, hash_matches};
use super::{Identity, Origin};
use crate::error::{Error, ErrorCode, Result};
use crate::events::payloads::SessionsRevoked;
use crate::events::{self, Payload};
use crate::schema::{access_tokens, users};
use crate::text::TextRule;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What a token may do. A login may do everything; a token only what its
/// scopes name, and never manage the account's security (logins, tokens,
/// password, second factors, passkeys, export, deletion).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read everything the user can see, and listen on the gateway.
    Read,
    /// Send, edit, delete, react to, pin and mark messages read; type.
    Messages,
    /// Friend requests, friends and blocks.
    Friends,
    /// Create and manage groups: members, roles, bans, invitations.
    Groups,
    /// Upload media.
    Media,
    /// Change the profile (name, bio, status, avatar).
    Profile,
    /// Manage webhooks: a group's incoming ones, and event subscriptions.
    Webhooks,
}

impl Scope {
    pub const ALL: [Scope; 7] = [
        Self::Read,
        Self::Messages,
        Self::Friends,
        Self::Groups,
        Self::Media,
        Self::Profile,
        Self::Webhooks,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Messages => "messages",
            Self::Friends => "friends",
            Self::Groups => "groups",
            Self::Media => "media",
            Self::Profile => "profile",
            Self::Webhooks => "webhooks",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// What an operation needs of a token (the OpenAPI document's security
/// requirement names it): a scope, or a login.
pub const LOGIN_ONLY: &str = "login";

/// How a caller is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Grant {
    /// A person's login: everything.
    #[default]
    Login,
    /// A personal access token: its scopes, until it expires.
    Token {
        scopes: Vec<Scope>,
        expires_at: Option<DateTime<Utc>>,
    },
}

impl Grant {
    /// Whether an operation that needs `required` (a scope's name, or
    /// [`LOGIN_ONLY`]) may be called.
    pub fn allows(&self, required: &str) -> bool {
        match self {
            Self::Login => true,
            Self::Token { scopes, .. } => scopes.iter().any(|s| s.as_str() == required),
        }
    }
}

impl Grant {
    /// How long until the grant ends (a token with an expiry), if it does.
    pub fn ends_in(&self) -> Option<std::time::Duration> {
        match self {
            Self::Token {
                expires_at: Some(at),
                ..
            } => Some((*at - Utc::now()).to_std().unwrap_or_default()),
            _ => None,
        }
    }
}

pub fn insufficient_scope(required: &str) -> Error {
    if required == LOGIN_ONLY {
        Error::new(
            ErrorCode::InsufficientScope,
            "this needs a login, not an access token",
        )
    } else {
        Error::new(
            ErrorCode::InsufficientScope,
            format!("this needs an access token with the `{required}` scope"),
        )
    }
}

/// A token as its owner sees it (never the secret, after creation).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccessToken {
    pub id: Uuid,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    /// Never, when null.
    pub expires_at: Option<DateTime<Utc>>,
    /// To the minute; null until first used.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A new token: shown once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedToken {
    pub token: AccessToken,
    /// `Authorization: Bearer <secret>`; the server keeps only its hash.
    pub secret: String,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = access_tokens)]
struct Row {
    id: Uuid,
    user_id: Uuid,
    name: String,
    scopes: Vec<String>,
    secret_hash: Vec<u8>,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

impl Row {
    fn scopes(&self) -> Vec<Scope> {
        self.scopes.iter().filter_map(|s| Scope::parse(s)).collect()
    }

    fn public(&self) -> AccessToken {
        AccessToken {
            id: self.id,
            name: self.name.clone(),
            scopes: self.scopes(),
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
        }
    }
}

/// The prefix every token starts with, so it is told from a login's JWT (and
/// found by secret scanners).
pub const PREFIX: &str = "confab_pat_";
/// A token's name: 1-64 characters.
pub const NAME_RULE: TextRule = TextRule::new(1, 64);
pub fn name_schema() -> utoipa::openapi::schema::Object {
    NAME_RULE.schema()
}

/// The longest life a token may be given.
pub const MAX_DAYS: i64 = 366;
/// Tokens a user may hold at once (live ones).
pub const MAX_PER_USER: i64 = 50;
/// `last_used_at` is written at most this often per token.
const LAST_USED_EVERY_SECS: i64 = 60;

/// `confab_pat_<id, 32 hex>_<256 random bits, 64 hex>`.
fn secret_for(id: Uuid) -> String {
    let random: [u8; 32] = rand::random();
    let secret: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!("{PREFIX}{}_{secret}", id.simple())
}

/// The id a token names, if it has the form of one.
fn id_of(token: &str) -> Option<Uuid> {
    let rest = token.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    (secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit())).then_some(())?;
    Uuid::try_parse(id).ok()
}

pub fn is_access_token(token: &str) -> bool {
    token.starts_with(PREFIX)
}

pub struct NewToken {
    pub name: String,
    pub scopes: Vec<Scope>,
    /// Days until it expires; never, when `None`.
    pub expires_in_days: Option<i64>,
}

impl NewToken {
    pub fn parse(name: &str, scopes: Vec<Scope>, expires_in_days: Option<i64>) -> Result<Self> {
        let name = NAME_RULE.parse(name, ErrorCode::InvalidTokenName, "a token's name")?;
        let mut scopes = scopes;
        scopes.sort_by_key(|s| s.as_str());
        scopes.dedup();
        if scopes.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidScopes,
                "give at least one scope",
            ));
        }
        if let Some(days) = expires_in_days
            && !(1..=MAX_DAYS).contains(&days)
        {
            return Err(Error::new(
                ErrorCode::InvalidExpiry,
                format!("a token lives 1 to {MAX_DAYS} days, or has no expiry"),
            ));
        }
        Ok(Self {
            name,
            scopes,
            expires_in_days,
        })
    }
}

pub async fn create(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    new: NewToken,
    origin: &Origin,
) -> Result<CreatedToken> {
    let live: i64 = access_tokens::table
        .filter(access_tokens::user_id.eq(user))
        .filter(access_tokens::revoked_at.is_null())
        .filter(
            access_tokens::expires_at
                .is_null()
                .or(access_tokens::expires_at.gt(Utc::now())),
        )
        .count()
        .get_result(conn)
        .await?;
    if live >= MAX_PER_USER {
        return Err(Error::new(
            ErrorCode::TooManyTokens,
            format!("an account holds at most {MAX_PER_USER} live tokens; revoke one first"),
        ));
    }
    let id = Uuid::now_v7();
    let secret = secret_for(id);
    let expires_at = new.expires_in_days.map(|d| Utc::now() + Duration::days(d));
    let row: Row = diesel::insert_into(access_tokens::table)
        .values((
            access_tokens::id.eq(id),
            access_tokens::user_id.eq(user),
            access_tokens::name.eq(&new.name),
            access_tokens::scopes.eq(new.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
            access_tokens::secret_hash.eq(hash(&secret)),
            access_tokens::expires_at.eq(expires_at),
        ))
        .returning(Row::as_returning())
        .get_result(conn)
        .await?;
    audit::record(conn, user, AuditKind::TokenCreated, origin).await?;
    Ok(CreatedToken {
        token: row.public(),
        secret,
    })
}

/// The user's tokens that are not revoked, newest first (expired ones too, so
/// the owner sees why a script stopped).
pub async fn list(conn: &mut AsyncPgConnection, user: Uuid) -> Result<Vec<AccessToken>> {
    let rows: Vec<Row> = access_tokens::table
        .filter(access_tokens::user_id.eq(user))
        .filter(access_tokens::revoked_at.is_null())
        .order(access_tokens::created_at.desc())
        .select(Row::as_select())
        .load(conn)
        .await?;
    Ok(rows.iter().map(Row::public).collect())
}

/// Revokes one of the user's tokens in the caller's transaction and writes the
/// `session.revoked` event for its sockets. Returns its id for
/// `RevokedLogins::remember` after commit.
pub async fn revoke(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    id: Uuid,
    origin: &Origin,
) -> Result<Uuid> {
    let revoked = diesel::update(
        access_tokens::table
            .filter(access_tokens::id.eq(id))
            .filter(access_tokens::user_id.eq(user))
            .filter(access_tokens::revoked_at.is_null()),
    )
    .set(access_tokens::revoked_at.eq(Utc::now()))
    .execute(conn)
    .await?;
    if revoked == 0 {
        return Err(Error::not_found("token"));
    }
    events::enqueue(
        conn,
        Payload::SessionRevoked(SessionsRevoked {
            user_id: user,
            session_ids: vec![id],
        }),
    )
    .await?;
    audit::record(conn, user, AuditKind::TokenRevoked, origin).await?;
    Ok(id)
}

/// Revokes every token of the user (a password reset, the account deleted),
/// returning their ids; the caller's `session.revoked` event names them.
pub async fn revoke_all(conn: &mut AsyncPgConnection, user: Uuid) -> Result<Vec<Uuid>> {
    Ok(diesel::update(
        access_tokens::table
            .filter(access_tokens::user_id.eq(user))
            .filter(access_tokens::revoked_at.is_null()),
    )
    .set(access_tokens::revoked_at.eq(Utc::now()))
    .returning(access_tokens::id)
    .get_results(conn)
    .await?)
}

fn invalid() -> Error {
    Error::new(ErrorCode::InvalidToken, "the access token is not valid")
}

/// Who a token speaks for, with its grant. Expired → `token_expired`,
/// revoked → `session_revoked`, anything else wrong → `invalid_token`.
pub async fn authenticate(conn: &mut AsyncPgConnection, token: &str) -> Result<Identity> {
    let id = id_of(token).ok_or_else(invalid)?;
    let (row, username, deleted_at): (Row, String, Option<DateTime<Utc>>) = access_tokens::table
        .inner_join(users::table)
        .filter(access_tokens::id.eq(id))
        .select((Row::as_select(), users::username, users::deleted_at))
        .first(conn)
        .await
        .optional()?
        .ok_or_else(invalid)?;
    if !hash_matches(token, &row.secret_hash) {
        return Err(invalid());
    }
    if row.revoked_at.is_some() {
        return Err(super::session_revoked());
    }
    let now = Utc::now();
    if row.expires_at.is_some_and(|at| at <= now) {
        return Err(Error::new(
            ErrorCode::TokenExpired,
            "the access token has expired; make a new one",
        ));
    }
    if deleted_at.is_some() {
        return Err(Error::new(
            ErrorCode::AccountDeleted,
            "this account no longer exists",
        ));
    }
    if row
        .last_used_at
        .is_none_or(|at| now - at > Duration::seconds(LAST_USED_EVERY_SECS))
    {
        diesel::update(access_tokens::table.find(id))
            .set(access_tokens::last_used_at.eq(now))
            .execute(conn)
            .await?;
    }
    Ok(Identity {
        user_id: row.user_id,
        session_id: row.id,
        username,
        grant: Grant::Token {
            scopes: row.scopes(),
            expires_at: row.expires_at,
        },
    })
}

impl super::AuthService {
    pub async fn create_token(
        &self,
        who: &Identity,
        new: NewToken,
        origin: &Origin,
    ) -> Result<CreatedToken> {
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| create(conn, who.user_id, new, origin).await)
            .await
    }

    pub async fn list_tokens(&self, who: &Identity) -> Result<Vec<AccessToken>> {
        let mut conn = self.pool.get().await?;
        list(&mut conn, who.user_id).await
    }

    /// Revokes the token: its calls are refused and its sockets close at once.
    pub async fn revoke_token(&self, who: &Identity, id: Uuid, origin: &Origin) -> Result<()> {
        let mut conn = self.pool.get().await?;
        let id = conn
            .transaction::<_, Error, _>(async |conn| revoke(conn, who.user_id, id, origin).await)
            .await?;
        drop(conn);
        self.revoked(&[id]).await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_id_and_nothing_else_parses_as_one() {
        let id = Uuid::now_v7();
        let token = secret_for(id);
        assert!(is_access_token(&token));
        assert_eq!(id_of(&token), Some(id));
        assert_eq!(id_of(&format!("{token}x")), None);
        assert_eq!(id_of("confab_pat_nothex_x"), None);
        assert_eq!(id_of("eyJhbGciOiJIUzI1NiJ9.e30.x"), None);
    }

    #[test]
    fn a_login_may_do_anything_and_a_token_only_its_scopes() {
        assert!(Grant::Login.allows("messages"));
        assert!(Grant::Login.allows(LOGIN_ONLY));
        let token = Grant::Token {
            scopes: vec![Scope::Read],
            expires_at: None,
        };
        assert!(token.allows("read"));
        assert!(!token.allows("messages"));
        assert!(!token.allows(LOGIN_ONLY));
    }
}
