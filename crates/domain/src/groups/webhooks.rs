//! A group's incoming webhooks: URLs that post messages into the group as a
//! named integration. Each has an account of its own (marked as a bot; no
//! password, email or tokens, so nobody can sign in as it) that joins the
//! group with the default role, so what it posts is an ordinary message: the
//! same events, history, search and permissions (a role without
//! `send_messages`, a kick or a ban stops it). The URL's secret is shown once;
//! only its SHA-256 is kept.

use super::members::add_member;
use super::row::GroupRow;
use super::standing::{lock_group, require_member};
use crate::access::permissions::{Action, authorize as rule};
use crate::error::{Error, ErrorCode, Result};
use crate::models::PublicUser;
use crate::schema::{group_webhooks, groups, users};
use crate::secrets::{hash, hash_matches};
use crate::users::User;
use crate::users::repo::{self as user_repo, NewUser};
use crate::users::{DisplayName, Username};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Incoming webhooks one group may have.
pub const MAX_PER_GROUP: i64 = 20;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IncomingWebhook {
    pub id: Uuid,
    pub group_id: Uuid,
    /// The integration's account: its messages are this user's (a bot).
    pub user: PublicUser,
    /// Who made it; null once they deleted their account.
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A new webhook with the URL to call, shown this once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedIncomingWebhook {
    pub webhook: IncomingWebhook,
    /// `POST` a message here (relative to the server's origin); the URL is the
    /// credential, so keep it secret.
    pub url: String,
}

/// What `me` may do in a group (no lock): the group's conversation, or
/// "not found" to a non-member and the rule's refusal to a member without it.
pub async fn authorize(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    action: Action,
) -> Result<Uuid> {
    let row = groups::table
        .find(group)
        .select(GroupRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or_else(|| Error::not_found("group"))?;
    let standing = require_member(conn, &row, me).await?;
    rule(&standing, action)?;
    Ok(row.conversation_id)
}

/// Locks the group for a change to its webhooks, which needs `manage_webhooks`.
async fn lock_managed(conn: &mut AsyncPgConnection, me: Uuid, group: Uuid) -> Result<GroupRow> {
    let row = lock_group(conn, group).await?;
    rule(
        &require_member(conn, &row, me).await?,
        Action::ManageWebhooks,
    )?;
    Ok(row)
}

type Row = (
    Uuid,
    Uuid,
    Option<Uuid>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    User,
);

fn public(row: Row) -> IncomingWebhook {
    let (id, group_id, created_by, created_at, last_used_at, user) = row;
    IncomingWebhook {
        id,
        group_id,
        user: PublicUser::from(&user),
        created_by,
        created_at,
        last_used_at,
    }
}

fn with_user() -> (
    group_webhooks::id,
    group_webhooks::group_id,
    group_webhooks::created_by,
    group_webhooks::created_at,
    group_webhooks::last_used_at,
    diesel::helper_types::AsSelect<User, diesel::pg::Pg>,
) {
    (
        group_webhooks::id,
        group_webhooks::group_id,
        group_webhooks::created_by,
        group_webhooks::created_at,
        group_webhooks::last_used_at,
        User::as_select(),
    )
}

/// `hook_` and 12 random hex digits: a username nobody picks.
fn integration_username() -> Result<Username> {
    let random: [u8; 6] = rand::random();
    Username::parse(&format!("hook_{}", hex::encode(random)))
}

pub async fn create_webhook(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    name: DisplayName,
) -> Result<CreatedIncomingWebhook> {
    conn.transaction::<_, Error, _>(async |conn| {
        let row = lock_managed(conn, me, group).await?;
        let existing: i64 = group_webhooks::table
            .filter(group_webhooks::group_id.eq(group))
            .count()
            .get_result(conn)
            .await?;
        if existing >= MAX_PER_GROUP {
            return Err(Error::new(
                ErrorCode::TooManyWebhooks,
                format!("a group may have {MAX_PER_GROUP} incoming webhooks; delete one first"),
            ));
        }
        let account = user_repo::insert(
            conn,
            NewUser {
                username: integration_username()?,
                password_hash: None,
                email: None,
                display_name: Some(name),
            },
        )
        .await?;
        diesel::update(users::table.find(account.id))
            .set(users::bot.eq(true))
            .execute(conn)
            .await?;
        add_member(conn, &row, account.id, Some(me)).await?;
        let id = Uuid::now_v7();
        let random: [u8; 32] = rand::random();
        let token = hex::encode(random);
        diesel::insert_into(group_webhooks::table)
            .values((
                group_webhooks::id.eq(id),
                group_webhooks::group_id.eq(group),
                group_webhooks::user_id.eq(account.id),
                group_webhooks::created_by.eq(me),
                group_webhooks::token_hash.eq(hash(&token)),
            ))
            .execute(conn)
            .await?;
        let webhook = group_webhooks::table
            .find(id)
            .inner_join(users::table)
            .select(with_user())
            .first::<Row>(conn)
            .await?;
        Ok(CreatedIncomingWebhook {
            webhook: public(webhook),
            url: crate::urls::incoming_webhook(id, &token),
        })
    })
    .await
}

/// The group's incoming webhooks, oldest first.
pub async fn webhooks(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
) -> Result<Vec<IncomingWebhook>> {
    authorize(conn, me, group, Action::ManageWebhooks).await?;
    Ok(group_webhooks::table
        .filter(group_webhooks::group_id.eq(group))
        .inner_join(users::table)
        .order(group_webhooks::created_at.asc())
        .select(with_user())
        .load::<Row>(conn)
        .await?
        .into_iter()
        .map(public)
        .collect())
}

/// Deletes the webhook: its URL stops working and its account leaves the
/// group (its messages stay, as a deleted account's do).
pub async fn delete_webhook(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    id: Uuid,
) -> Result<()> {
    conn.transaction::<_, Error, _>(async |conn| {
        lock_managed(conn, me, group).await?;
        let account: Uuid = diesel::delete(
            group_webhooks::table
                .filter(group_webhooks::id.eq(id))
                .filter(group_webhooks::group_id.eq(group)),
        )
        .returning(group_webhooks::user_id)
        .get_result(conn)
        .await
        .optional()?
        .ok_or_else(|| Error::not_found("webhook"))?;
        // An integration has no friends, logins or tokens: leaving its group
        // and closing its account is all there is to undo.
        super::leave_all(conn, account).await?;
        user_repo::soft_delete(conn, account).await?;
        Ok(())
    })
    .await
}

/// The account and conversation a webhook's URL posts as and into; an
/// unknown id or a wrong secret is "not found" alike.
pub async fn resolve_webhook(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    token: &str,
) -> Result<(Uuid, Uuid)> {
    /// The account, the secret's hash, the conversation, the last use.
    type Found = (Uuid, Vec<u8>, Uuid, Option<DateTime<Utc>>);
    let found: Option<Found> = group_webhooks::table
        .find(id)
        .inner_join(groups::table)
        .select((
            group_webhooks::user_id,
            group_webhooks::token_hash,
            groups::conversation_id,
            group_webhooks::last_used_at,
        ))
        .first(conn)
        .await
        .optional()?;
    let unknown = || Error::not_found("webhook");
    let (account, stored, conversation, last_used) = found.ok_or_else(unknown)?;
    if !hash_matches(token, &stored) {
        return Err(unknown());
    }
    if last_used.is_none_or(|t| Utc::now() - t > chrono::Duration::seconds(60)) {
        diesel::update(group_webhooks::table.find(id))
            .set(group_webhooks::last_used_at.eq(Utc::now()))
            .execute(conn)
            .await?;
    }
    Ok((account, conversation))
}
