//! Pins: in a DM either person may pin; in a group, members whose role has
//! `pin_messages`. Each pin and unpin is an event and a system message.

use super::{Message, MessageRecord, SystemNote, for_reader, lock_live, post_system};
use crate::access::{self, require_member};
use crate::audit::{self, AuditAction, Logged};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::{self, Payload};
use crate::schema::{conversations, messages};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Most messages pinned in one conversation.
pub const MAX_PINS: i64 = 50;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PinList {
    /// Newest pin first.
    pub items: Vec<Message>,
}

/// The message, locked, if `me` may pin or unpin messages where it is.
async fn lock_for_pins(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    id: Uuid,
) -> Result<MessageRecord> {
    let writable = lock_live(conn, me, conversation, id).await?;
    if let Some(standing) = &writable.standing {
        access::authorize(standing, access::Action::PinMessages)?;
    }
    Ok(writable.message)
}

/// The message, locked, if `me` may pin it (a system message never is).
async fn pinnable(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    id: Uuid,
) -> Result<MessageRecord> {
    let message = lock_for_pins(conn, me, conversation, id).await?;
    if message.system.is_some() {
        return Err(Error::new(
            ErrorCode::NotPinnable,
            "system messages cannot be pinned",
        ));
    }
    Ok(message)
}

/// Pins the message; pinning a pinned message changes nothing.
pub async fn pin(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    id: Uuid,
) -> Result<Message> {
    let message = pinnable(conn, me, conversation, id).await?;
    if message.pinned_at.is_none() {
        // Pins of one conversation take turns (sends, which only share-lock
        // the row's key, are not held up), so two cannot both count 49.
        conversations::table
            .find(conversation)
            .select(conversations::id)
            .for_no_key_update()
            .first::<Uuid>(conn)
            .await?;
        let pinned: i64 = messages::table
            .filter(messages::conversation_id.eq(conversation))
            .filter(messages::pinned_at.is_not_null())
            .count()
            .get_result(conn)
            .await?;
        if pinned >= MAX_PINS {
            return Err(Error::new(
                ErrorCode::TooManyPins,
                format!("a conversation can have at most {MAX_PINS} pinned messages"),
            ));
        }
        let record = set_pin(conn, id, Some((super::now_micros(), me))).await?;
        let note = SystemNote::MessagePinned {
            actor_id: me,
            message_id: id,
        };
        announce(conn, Payload::MessagePinned, record, note).await?;
    }
    reread(conn, me, id).await
}

/// Unpins the message; unpinning a message not pinned (a system message
/// never is) changes nothing.
pub async fn unpin(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    id: Uuid,
) -> Result<()> {
    let message = lock_for_pins(conn, me, conversation, id).await?;
    if message.pinned_at.is_some() {
        let record = set_pin(conn, id, None).await?;
        let note = SystemNote::MessageUnpinned {
            actor_id: me,
            message_id: id,
        };
        announce(conn, Payload::MessageUnpinned, record, note).await?;
    }
    Ok(())
}

/// The pinned messages of a conversation `me` is in.
pub async fn pins(conn: &mut AsyncPgConnection, me: Uuid, conversation: Uuid) -> Result<PinList> {
    require_member(conn, conversation, me).await?;
    let records: Vec<MessageRecord> = messages::table
        .filter(messages::conversation_id.eq(conversation))
        .filter(messages::pinned_at.is_not_null())
        .order((messages::pinned_at.desc(), messages::id.desc()))
        .limit(MAX_PINS)
        .select(MessageRecord::as_select())
        .load(conn)
        .await?;
    Ok(PinList {
        items: for_reader(conn, me, records).await?,
    })
}

async fn set_pin(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    pin: Option<(DateTime<Utc>, Uuid)>,
) -> Result<MessageRecord> {
    Ok(diesel::update(messages::table.find(id))
        .set((
            messages::pinned_at.eq(pin.map(|(at, _)| at)),
            messages::pinned_by.eq(pin.map(|(_, by)| by)),
        ))
        .returning(MessageRecord::as_returning())
        .get_result(conn)
        .await?)
}

/// The pin event (the message as it is now) and the system message, to every member.
async fn announce(
    conn: &mut AsyncPgConnection,
    kind: fn(Message) -> Payload,
    record: MessageRecord,
    note: SystemNote,
) -> Result<()> {
    let conversation = record.conversation_id;
    let mut message = super::with_attachments(conn, vec![record]).await?;
    events::enqueue(conn, kind(message.remove(0))).await?;
    let audited = match note {
        SystemNote::MessagePinned {
            actor_id,
            message_id,
        } => Some((AuditAction::MessagePinned, actor_id, message_id)),
        SystemNote::MessageUnpinned {
            actor_id,
            message_id,
        } => Some((AuditAction::MessageUnpinned, actor_id, message_id)),
        _ => None,
    };
    if let Some((action, actor_id, message_id)) = audited {
        let entry = Logged {
            action,
            actor: actor_id,
            target: None,
            details: serde_json::json!({ "message_id": message_id }),
            reason: None,
        };
        audit::record(conn, conversation, entry).await?;
    }
    post_system(conn, conversation, note).await
}

async fn reread(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<Message> {
    let record: MessageRecord = messages::table
        .find(id)
        .select(MessageRecord::as_select())
        .first(conn)
        .await?;
    for_reader(conn, me, vec![record])
        .await?
        .pop()
        .ok_or(Error::not_found("message"))
}
