//! Reads and writes of `users`. Deleted accounts are invisible to everything here
//! except the delete itself.

use super::fields::{Bio, DisplayName, Email, StatusText, Username};
use super::model::User;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::schema::users;
use chrono::Utc;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

pub struct NewUser {
    pub username: Username,
    pub password_hash: Option<String>,
    pub email: Option<Email>,
    pub display_name: Option<DisplayName>,
}

/// A partial update of the profile; `None` leaves a field as it is.
#[derive(Default)]
pub struct ProfileChanges {
    pub display_name: Option<Option<DisplayName>>,
    pub bio: Option<Bio>,
    pub status_text: Option<StatusText>,
    pub email: Option<Option<Email>>,
    /// One of the caller's image uploads, or `Some(None)` to remove the avatar.
    pub avatar_media_id: Option<Option<Uuid>>,
    pub link_previews: Option<bool>,
    pub push_previews: Option<bool>,
    pub do_not_disturb: Option<super::do_not_disturb::DoNotDisturb>,
}

#[derive(AsChangeset)]
#[diesel(table_name = users)]
struct ProfileChangeset {
    display_name: Option<Option<String>>,
    bio: Option<String>,
    status_text: Option<String>,
    email: Option<Option<String>>,
    /// Cleared whenever the email changes: the new one is not proven.
    email_verified_at: Option<Option<chrono::DateTime<Utc>>>,
    avatar_media_id: Option<Option<Uuid>>,
    link_previews: Option<bool>,
    push_previews: Option<bool>,
    dnd_until: Option<Option<chrono::DateTime<Utc>>>,
    dnd_start_minute: Option<Option<i16>>,
    dnd_end_minute: Option<Option<i16>>,
    dnd_time_zone: Option<Option<String>>,
    updated_at: chrono::DateTime<Utc>,
}

pub async fn insert(conn: &mut AsyncPgConnection, new: NewUser) -> Result<User> {
    diesel::insert_into(users::table)
        .values((
            users::id.eq(Uuid::now_v7()),
            users::username.eq(new.username.as_str()),
            users::password_hash.eq(new.password_hash),
            users::email.eq(new.email.map(Email::into_inner)),
            users::display_name.eq(new.display_name.map(DisplayName::into_inner)),
        ))
        .returning(User::as_returning())
        .get_result(conn)
        .await
        .map_err(|e| match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Error::new(ErrorCode::UsernameTaken, "that username is taken")
            }
            other => other.into(),
        })
}

pub async fn find_by_username(
    conn: &mut AsyncPgConnection,
    username: &Username,
) -> Result<Option<User>> {
    Ok(users::table
        .filter(users::username.eq(username.as_str()))
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(conn)
        .await
        .optional()?)
}

pub async fn get(conn: &mut AsyncPgConnection, id: Uuid) -> Result<User> {
    users::table
        .find(id)
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("user"))
}

/// The caller's own row. A deleted account's tokens outlive it by at most their
/// lifetime; until then they prove nothing, so the answer is 401, not 404.
pub async fn get_self(conn: &mut AsyncPgConnection, id: Uuid) -> Result<User> {
    get(conn, id).await.map_err(|e| match e {
        e if e.is(ErrorCode::NotFound) => account_deleted(),
        other => other,
    })
}

/// The profile after an update, and what became of the email.
pub struct ProfileUpdate {
    pub user: User,
    /// Set when the email changed (not when the same address, in any case,
    /// was sent again).
    pub email_change: Option<EmailChange>,
}

pub struct EmailChange {
    /// The address before, if it was proven (an unproven one may be
    /// anybody's, so nobody tells it anything).
    pub previous_proven: Option<String>,
}

pub async fn update_profile(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    changes: ProfileChanges,
) -> Result<ProfileUpdate> {
    if let Some(Some(avatar)) = changes.avatar_media_id {
        crate::media::claim_image(conn, id, avatar).await?;
    }
    // The same address sent again (a profile form saves every field) keeps
    // its proof; a different one starts unproven.
    let (current, proven): (Option<String>, Option<chrono::DateTime<Utc>>) = users::table
        .find(id)
        .select((users::email, users::email_verified_at))
        .first(conn)
        .await
        .optional()?
        .unwrap_or_default();
    let email = changes.email.filter(
        |new| !matches!((new, &current), (Some(n), Some(c)) if n.as_str().eq_ignore_ascii_case(c)),
    );
    let email_change = email.as_ref().map(|_| EmailChange {
        previous_proven: current.filter(|_| proven.is_some()),
    });
    let dnd = changes
        .do_not_disturb
        .as_ref()
        .map(super::do_not_disturb::DoNotDisturb::columns)
        .transpose()?;
    let changeset = ProfileChangeset {
        display_name: changes.display_name.map(|d| d.map(DisplayName::into_inner)),
        bio: changes.bio.map(Bio::into_inner),
        status_text: changes.status_text.map(StatusText::into_inner),
        email_verified_at: email.as_ref().map(|_| None),
        email: email.map(|e| e.map(Email::into_inner)),
        avatar_media_id: changes.avatar_media_id,
        link_previews: changes.link_previews,
        push_previews: changes.push_previews,
        dnd_until: dnd.as_ref().map(|d| d.0),
        dnd_start_minute: dnd.as_ref().map(|d| d.1),
        dnd_end_minute: dnd.as_ref().map(|d| d.2),
        dnd_time_zone: dnd.map(|d| d.3),
        updated_at: Utc::now(),
    };
    let user = diesel::update(users::table.find(id).filter(users::deleted_at.is_null()))
        .set(changeset)
        .returning(User::as_returning())
        .get_result(conn)
        .await
        .optional()?
        .ok_or_else(account_deleted)?;
    Ok(ProfileUpdate { user, email_change })
}

pub async fn set_password_hash(conn: &mut AsyncPgConnection, id: Uuid, hash: String) -> Result<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::updated_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps the row (messages keep their author) but frees the username and drops
/// everything personal.
pub async fn soft_delete(conn: &mut AsyncPgConnection, id: Uuid) -> Result<()> {
    let now = Utc::now();
    diesel::update(users::table.find(id))
        .set((
            // '-' is not allowed in usernames, so this can never clash with a real one.
            users::username.eq(format!("deleted-{id}")),
            users::password_hash.eq(None::<String>),
            users::email.eq(None::<String>),
            users::email_verified_at.eq(None::<chrono::DateTime<Utc>>),
            users::display_name.eq(None::<String>),
            users::bio.eq(""),
            users::status_text.eq(""),
            users::avatar_media_id.eq(None::<Uuid>),
            users::updated_at.eq(now),
            users::deleted_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

fn account_deleted() -> Error {
    Error::new(ErrorCode::AccountDeleted, "this account no longer exists")
}

/// Public profiles of the given users (deleted ones included, as "deleted" names),
/// in one query.
pub async fn public_profiles(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, super::PublicUser>> {
    let rows: Vec<User> = users::table
        .filter(users::id.eq_any(ids))
        .select(User::as_select())
        .load(conn)
        .await?;
    Ok(rows
        .iter()
        .map(|u| (u.id, super::PublicUser::from(u)))
        .collect())
}

/// One public profile.
pub async fn public_profile(conn: &mut AsyncPgConnection, id: Uuid) -> Result<super::PublicUser> {
    get(conn, id).await.map(|u| super::PublicUser::from(&u))
}
