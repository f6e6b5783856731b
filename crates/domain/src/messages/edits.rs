//! Edit history: every edit keeps the text it replaced, so the conversation's
//! members can see what a message said before (from its "edited" marker).
//! Deleting the message deletes its history along with its body.

use crate::access::require_member;
use crate::error::{Error, Result};
use crate::schema::{message_edits, messages};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One earlier text of a message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct MessageEdit {
    /// 1 for the text the message was sent with, then one per edit.
    pub version: i32,
    pub body: String,
    /// When this text was written.
    pub written_at: DateTime<Utc>,
    /// When an edit replaced it.
    pub replaced_at: DateTime<Utc>,
}

/// The message's earlier texts, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EditHistory {
    pub items: Vec<MessageEdit>,
}

/// Keeps the text an edit is about to replace. Call in the edit's transaction,
/// with the message locked.
pub(super) async fn keep(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    message: Uuid,
    body: &str,
    written_at: DateTime<Utc>,
) -> Result<()> {
    let versions: i64 = message_edits::table
        .filter(message_edits::message_id.eq(message))
        .count()
        .get_result(conn)
        .await?;
    diesel::insert_into(message_edits::table)
        .values((
            message_edits::message_id.eq(message),
            message_edits::version.eq(i32::try_from(versions + 1).unwrap_or(i32::MAX)),
            message_edits::body.eq(body),
            message_edits::written_at.eq(written_at),
            message_edits::conversation_id.eq(conversation),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets a deleted message's history.
pub(super) async fn forget(conn: &mut AsyncPgConnection, message: Uuid) -> Result<()> {
    diesel::delete(message_edits::table.filter(message_edits::message_id.eq(message)))
        .execute(conn)
        .await?;
    Ok(())
}

/// What a live message of the conversation said before, for its members.
pub async fn history(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    message: Uuid,
) -> Result<EditHistory> {
    require_member(conn, conversation, me).await?;
    let live: i64 = messages::table
        .filter(messages::id.eq(message))
        .filter(messages::conversation_id.eq(conversation))
        .filter(messages::deleted_at.is_null())
        .count()
        .get_result(conn)
        .await?;
    if live == 0 {
        return Err(Error::not_found("message"));
    }
    let items = message_edits::table
        .filter(message_edits::message_id.eq(message))
        .order(message_edits::version.asc())
        .select((
            message_edits::version,
            message_edits::body,
            message_edits::written_at,
            message_edits::replaced_at,
        ))
        .load::<(i32, String, DateTime<Utc>, DateTime<Utc>)>(conn)
        .await?
        .into_iter()
        .map(|(version, body, written_at, replaced_at)| MessageEdit {
            version,
            body,
            written_at,
            replaced_at,
        })
        .collect();
    Ok(EditHistory { items })
}
