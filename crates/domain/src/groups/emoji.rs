//! A group's own emoji: pictures (image uploads, through the media pipeline)
//! with a `:name:`, made and deleted by roles with `manage_emoji`, at most
//! [`MAX_PER_GROUP`] a group. Members use them in messages (the web app shows
//! `:name:` in a message's text as the picture) and as reactions. Changes
//! reach the members as `group.emoji_created` / `group.emoji_deleted` and go
//! to the audit log.

use super::standing::{lock_group, require_member};
use crate::access::permissions::{Action, authorize};
use crate::audit::{self, AuditAction, AuditReason, Logged};
use crate::error::{Error, ErrorCode, Result};
use crate::events::{self, Payload};
pub use crate::models::{CustomEmoji, EmojiDeleted, EmojiName};
use crate::schema::{group_emoji, groups};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// Most emoji one group may have.
pub const MAX_PER_GROUP: i64 = 50;
/// The largest picture an emoji may be (it is shown at text size).
pub const MAX_BYTES: i64 = 256 * 1024;

#[derive(Queryable, Selectable)]
#[diesel(table_name = group_emoji)]
struct Row {
    id: Uuid,
    group_id: Uuid,
    name: String,
    media_id: Uuid,
    creator_id: Option<Uuid>,
    created_at: DateTime<Utc>,
}

impl From<Row> for CustomEmoji {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            group_id: r.group_id,
            name: r.name,
            url: crate::urls::media(r.media_id),
            created_by: r.creator_id,
            created_at: r.created_at,
        }
    }
}

/// The group's emoji, by name, for its members (404 for anyone else).
pub async fn list(conn: &mut AsyncPgConnection, me: Uuid, group: Uuid) -> Result<Vec<CustomEmoji>> {
    let conversation: Uuid = groups::table
        .find(group)
        .select(groups::conversation_id)
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("group"))?;
    crate::access::standing_in_conversation(conn, conversation, me)
        .await?
        .ok_or(Error::not_found("group"))?;
    Ok(group_emoji::table
        .filter(group_emoji::group_id.eq(group))
        .select(Row::as_select())
        .order(group_emoji::name)
        .load(conn)
        .await?
        .into_iter()
        .map(CustomEmoji::from)
        .collect())
}

/// Makes an emoji of one of `me`'s image uploads.
pub async fn create(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group_id: Uuid,
    name: EmojiName,
    media: Uuid,
    reason: Option<&AuditReason>,
) -> Result<CustomEmoji> {
    let group = lock_group(conn, group_id).await?;
    let actor = require_member(conn, &group, me).await?;
    authorize(&actor, Action::ManageEmoji)?;
    let count: i64 = group_emoji::table
        .filter(group_emoji::group_id.eq(group.id))
        .count()
        .get_result(conn)
        .await?;
    if count >= MAX_PER_GROUP {
        return Err(Error::new(
            ErrorCode::TooManyEmoji,
            format!("a group has at most {MAX_PER_GROUP} emoji: delete one first"),
        ));
    }
    let picture = crate::media::claim_image(conn, me, media).await?;
    if picture.size > MAX_BYTES {
        return Err(Error::new(
            ErrorCode::EmojiTooLarge,
            "an emoji's picture is at most 256 KiB",
        ));
    }
    let row: Option<Row> = diesel::insert_into(group_emoji::table)
        .values((
            group_emoji::id.eq(Uuid::now_v7()),
            group_emoji::group_id.eq(group.id),
            group_emoji::name.eq(name.as_str()),
            group_emoji::media_id.eq(picture.id),
            group_emoji::creator_id.eq(me),
        ))
        .on_conflict_do_nothing()
        .returning(Row::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    let emoji = CustomEmoji::from(row.ok_or_else(|| {
        Error::new(
            ErrorCode::EmojiNameTaken,
            "the group has an emoji by this name",
        )
    })?);
    log(
        conn,
        &group,
        AuditAction::EmojiCreated,
        me,
        &emoji.name,
        emoji.id,
        reason,
    )
    .await?;
    events::enqueue(conn, Payload::GroupEmojiCreated(emoji.clone())).await?;
    Ok(emoji)
}

/// Deletes one of the group's emoji; messages that named it show `:name:`.
pub async fn delete(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group_id: Uuid,
    emoji: Uuid,
    reason: Option<&AuditReason>,
) -> Result<()> {
    let group = lock_group(conn, group_id).await?;
    let actor = require_member(conn, &group, me).await?;
    authorize(&actor, Action::ManageEmoji)?;
    let name: String = diesel::delete(
        group_emoji::table
            .filter(group_emoji::id.eq(emoji))
            .filter(group_emoji::group_id.eq(group.id)),
    )
    .returning(group_emoji::name)
    .get_result(conn)
    .await
    .optional()?
    .ok_or(Error::not_found("emoji"))?;
    log(
        conn,
        &group,
        AuditAction::EmojiDeleted,
        me,
        &name,
        emoji,
        reason,
    )
    .await?;
    events::enqueue(
        conn,
        Payload::GroupEmojiDeleted(EmojiDeleted {
            group_id: group.id,
            id: emoji,
            name,
        }),
    )
    .await
}

async fn log(
    conn: &mut AsyncPgConnection,
    group: &super::row::GroupRow,
    action: AuditAction,
    actor: Uuid,
    name: &str,
    emoji: Uuid,
    reason: Option<&AuditReason>,
) -> Result<()> {
    let details = serde_json::json!({ "emoji_id": emoji, "name": name });
    let entry = Logged {
        action,
        actor,
        target: None,
        details,
        reason,
    };
    audit::record(conn, group.conversation_id, entry).await
}
