use crate::access::require_member;
use crate::error::{Error, Result};
use crate::events::{self, Payload};
use crate::models::ReadState;
use crate::schema::{conversation_members, messages};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Moves the caller's read marker forward to `message` (never back), and tells
/// the members when it moved. Used by the REST call and the gateway's `read` op.
pub async fn mark_read(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    message: Uuid,
) -> Result<()> {
    require_member(conn, conversation, me).await?;
    let exists: i64 = messages::table
        .filter(messages::id.eq(message))
        .filter(messages::conversation_id.eq(conversation))
        .filter(messages::thread_id.is_null())
        .count()
        .get_result(conn)
        .await?;
    if exists == 0 {
        return Err(Error::not_found("message"));
    }
    let moved = diesel::update(
        conversation_members::table
            .filter(conversation_members::conversation_id.eq(conversation))
            .filter(conversation_members::user_id.eq(me))
            .filter(
                conversation_members::last_read_message_id
                    .is_null()
                    .or(conversation_members::last_read_message_id.lt(message)),
            ),
    )
    .set(conversation_members::last_read_message_id.eq(message))
    .execute(conn)
    .await?;
    if moved > 0 {
        let state = ReadState {
            conversation_id: conversation,
            user_id: me,
            last_read_message_id: message,
        };
        events::enqueue(conn, Payload::ConversationRead(state)).await?;
    }
    Ok(())
}

/// One member's read marker.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReadMarker {
    pub user_id: Uuid,
    /// The newest message they have read; null if none yet.
    pub last_read_message_id: Option<Uuid>,
}

/// Every member's read marker, for "seen" in DMs and "seen by N" in groups (a
/// message is seen by the members whose marker is at or after it).
pub async fn read_markers(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
) -> Result<Vec<ReadMarker>> {
    require_member(conn, conversation, me).await?;
    let rows: Vec<(Uuid, Option<Uuid>)> = conversation_members::table
        .filter(conversation_members::conversation_id.eq(conversation))
        .select((
            conversation_members::user_id,
            conversation_members::last_read_message_id,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, last_read_message_id)| ReadMarker {
            user_id,
            last_read_message_id,
        })
        .collect())
}
