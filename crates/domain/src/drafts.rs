//! Drafts: the unsent text of a conversation's composer, per user, kept on the
//! server so it follows its writer to their other tabs and devices. Every
//! change is a `draft.updated` event to the writer's own sockets; saving empty
//! text with no reply clears it (so does sending, which the client does by
//! clearing once the message is accepted). The last save wins.

use crate::access;
use crate::error::{Error, ErrorCode, Result};
use crate::events::{self, Payload};
use crate::messages::MessageBody;
pub use crate::models::Draft;
use crate::schema::{conversation_members, drafts, messages};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

type Row = (Uuid, Uuid, String, Option<Uuid>, DateTime<Utc>);

fn draft((user_id, conversation_id, body, reply_to_id, updated_at): Row) -> Draft {
    Draft {
        user_id,
        conversation_id,
        body,
        reply_to_id,
        updated_at,
    }
}

const COLUMNS: (
    drafts::user_id,
    drafts::conversation_id,
    drafts::body,
    drafts::reply_to_id,
    drafts::updated_at,
) = (
    drafts::user_id,
    drafts::conversation_id,
    drafts::body,
    drafts::reply_to_id,
    drafts::updated_at,
);

/// Saves what `me` has typed in the conversation (as typed: a draft is a
/// message not yet sent, up to 4000 characters); empty text with no reply
/// clears it. Call inside a transaction.
pub async fn save(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    body: MessageBody,
    reply_to: Option<Uuid>,
) -> Result<Draft> {
    access::require_member(conn, conversation, me).await?;
    let body = body.into_inner();
    if body.is_empty() && reply_to.is_none() {
        clear(conn, me, conversation).await?;
        return Ok(Draft {
            user_id: me,
            conversation_id: conversation,
            body,
            reply_to_id: None,
            updated_at: Utc::now(),
        });
    }
    if let Some(reply_to) = reply_to {
        let replied: i64 = messages::table
            .filter(messages::id.eq(reply_to))
            .filter(messages::conversation_id.eq(conversation))
            .filter(messages::deleted_at.is_null())
            .count()
            .get_result(conn)
            .await?;
        if replied == 0 {
            return Err(Error::new(
                ErrorCode::InvalidReplyTo,
                "the message replied to is not in this conversation",
            ));
        }
    }
    let saved: Row = diesel::insert_into(drafts::table)
        .values((
            drafts::user_id.eq(me),
            drafts::conversation_id.eq(conversation),
            drafts::body.eq(&body),
            drafts::reply_to_id.eq(reply_to),
        ))
        .on_conflict((drafts::user_id, drafts::conversation_id))
        .do_update()
        .set((
            drafts::body.eq(&body),
            drafts::reply_to_id.eq(reply_to),
            drafts::updated_at.eq(diesel::dsl::now),
        ))
        .returning(COLUMNS)
        .get_result(conn)
        .await?;
    let saved = draft(saved);
    events::enqueue(conn, Payload::DraftUpdated(saved.clone())).await?;
    Ok(saved)
}

/// Clears the draft (tells the other devices only when there was one).
pub async fn clear(conn: &mut AsyncPgConnection, me: Uuid, conversation: Uuid) -> Result<()> {
    access::require_member(conn, conversation, me).await?;
    let cleared = diesel::delete(
        drafts::table
            .filter(drafts::user_id.eq(me))
            .filter(drafts::conversation_id.eq(conversation)),
    )
    .execute(conn)
    .await?;
    if cleared > 0 {
        let empty = Draft {
            user_id: me,
            conversation_id: conversation,
            body: String::new(),
            reply_to_id: None,
            updated_at: Utc::now(),
        };
        events::enqueue(conn, Payload::DraftUpdated(empty)).await?;
    }
    Ok(())
}

/// The user's drafts in conversations they are still in, newest first.
pub async fn list(conn: &mut AsyncPgConnection, me: Uuid) -> Result<Vec<Draft>> {
    Ok(drafts::table
        .filter(drafts::user_id.eq(me))
        .filter(diesel::dsl::exists(
            conversation_members::table
                .filter(conversation_members::conversation_id.eq(drafts::conversation_id))
                .filter(conversation_members::user_id.eq(me)),
        ))
        .order(drafts::updated_at.desc())
        .select(COLUMNS)
        .load::<Row>(conn)
        .await?
        .into_iter()
        .map(draft)
        .collect())
}
