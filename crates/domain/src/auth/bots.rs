//! Bot accounts: users a person makes for their code. A bot has no password
//! and no email (nobody can log in as it); it signs in with access tokens its
//! owner makes, and otherwise uses the same API and gateway as anyone. It
//! starts as its owner's friend, so the owner can talk to it and invite it to
//! groups, which it joins by accepting (`POST /invites/{id}/accept`) like
//! anyone. Everywhere a user shows, `bot: true` marks it.

use super::access_tokens::{self, CreatedToken, NewToken};
use super::{AuthService, Identity, Origin, revocation};
use crate::error::{Error, ErrorCode, Result};
use crate::models::PublicUser;
use crate::schema::{friendships, users};
use crate::users::User;
use crate::users::repo::{self as user_repo, NewUser};
use crate::users::{DisplayName, Username};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Bots one person may have.
pub const MAX_PER_OWNER: i64 = 10;

/// A new bot and its first token (shown once).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedBot {
    pub bot: PublicUser,
    pub token: CreatedToken,
}

pub struct NewBot {
    pub username: Username,
    pub display_name: Option<DisplayName>,
    pub token: NewToken,
}

/// A live bot of `owner`'s, or 404.
async fn owned(conn: &mut AsyncPgConnection, owner: Uuid, bot: Uuid) -> Result<User> {
    users::table
        .filter(users::id.eq(bot))
        .filter(users::bot_owner_id.eq(owner))
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or_else(|| Error::not_found("bot"))
}

/// Removes a bot's account as deleting an account does: it leaves its groups
/// and friendships, and its tokens end (their ids are returned).
pub(super) async fn remove(conn: &mut AsyncPgConnection, bot: Uuid) -> Result<Vec<Uuid>> {
    crate::groups::leave_all(conn, bot).await?;
    crate::friends::forget(conn, bot).await?;
    user_repo::soft_delete(conn, bot).await?;
    revocation::revoke(conn, bot, revocation::Logins::All).await
}

/// The live bots of `owner`.
pub(super) async fn bots_of(conn: &mut AsyncPgConnection, owner: Uuid) -> Result<Vec<User>> {
    Ok(users::table
        .filter(users::bot_owner_id.eq(owner))
        .filter(users::deleted_at.is_null())
        .order(users::created_at.asc())
        .select(User::as_select())
        .load(conn)
        .await?)
}

impl AuthService {
    pub async fn create_bot(
        &self,
        who: &Identity,
        new: NewBot,
        origin: &Origin,
    ) -> Result<CreatedBot> {
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            let owner = user_repo::get_self(conn, who.user_id).await?;
            if owner.bot_owner_id.is_some() {
                return Err(Error::new(
                    ErrorCode::BotsCannotOwnBots,
                    "a bot cannot make bots",
                ));
            }
            let count = bots_of(conn, owner.id).await?.len() as i64;
            if count >= MAX_PER_OWNER {
                return Err(Error::new(
                    ErrorCode::TooManyBots,
                    format!("a person may have {MAX_PER_OWNER} bots; delete one first"),
                ));
            }
            let bot = user_repo::insert(
                conn,
                NewUser {
                    username: new.username,
                    password_hash: None,
                    email: None,
                    display_name: new.display_name,
                },
            )
            .await?;
            let bot: User = diesel::update(users::table.find(bot.id))
                .set((users::bot_owner_id.eq(owner.id), users::bot.eq(true)))
                .returning(User::as_returning())
                .get_result(conn)
                .await?;
            diesel::insert_into(friendships::table)
                .values(&vec![
                    (
                        friendships::user_id.eq(owner.id),
                        friendships::friend_id.eq(bot.id),
                    ),
                    (
                        friendships::user_id.eq(bot.id),
                        friendships::friend_id.eq(owner.id),
                    ),
                ])
                .execute(conn)
                .await?;
            let token = access_tokens::create(conn, bot.id, new.token, origin).await?;
            Ok(CreatedBot {
                bot: PublicUser::from(&bot),
                token,
            })
        })
        .await
    }

    pub async fn list_bots(&self, who: &Identity) -> Result<Vec<PublicUser>> {
        let mut conn = self.pool.get().await?;
        Ok(bots_of(&mut conn, who.user_id)
            .await?
            .iter()
            .map(PublicUser::from)
            .collect())
    }

    /// Another token for one of the caller's bots.
    pub async fn create_bot_token(
        &self,
        who: &Identity,
        bot: Uuid,
        new: NewToken,
        origin: &Origin,
    ) -> Result<CreatedToken> {
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            let bot = owned(conn, who.user_id, bot).await?;
            access_tokens::create(conn, bot.id, new, origin).await
        })
        .await
    }

    /// Deletes one of the caller's bots; its tokens end and sockets close.
    pub async fn delete_bot(&self, who: &Identity, bot: Uuid) -> Result<()> {
        let mut conn = self.pool.get().await?;
        let ids = conn
            .transaction::<_, Error, _>(async |conn| {
                let bot = owned(conn, who.user_id, bot).await?;
                remove(conn, bot.id).await
            })
            .await?;
        drop(conn);
        self.revoked(&ids).await;
        Ok(())
    }
}
