//! Forwarding: a copy of a message (its text and attachments, shared without
//! re-uploading) posted by the forwarder into a conversation they may write
//! in, with the same rules as a send there (`send_media` for attachments).
//! The copy is marked forwarded and names its original; a reader who can see
//! the original (a member of its conversation) gets a link to it.

use super::{Message, MessageRecord, announce, now_micros};
use crate::access::{self, require_member};
use crate::error::{Error, Result};
use crate::events::Payload;
use crate::media;
use crate::models::ForwardedFrom;
use crate::schema::{conversation_members, messages};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use uuid::Uuid;

/// Forwards message `id` of conversation `from` into conversation `to`. Call
/// inside a transaction.
pub async fn forward(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    from: Uuid,
    id: Uuid,
    to: Uuid,
) -> Result<Message> {
    require_member(conn, from, me).await?;
    let original: MessageRecord = messages::table
        .filter(messages::id.eq(id))
        .filter(messages::conversation_id.eq(from))
        .filter(messages::deleted_at.is_null())
        .filter(messages::system.is_null())
        .select(MessageRecord::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or_else(|| Error::not_found("message"))?;
    let attachments = media::attachments_of(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let standing = access::may_write(conn, to, me).await?;
    if let Some(s) = &standing
        && !attachments.is_empty()
    {
        access::authorize(s, access::Action::SendMedia)?;
    }
    let record: MessageRecord = diesel::insert_into(messages::table)
        .values((
            messages::id.eq(Uuid::now_v7()),
            messages::conversation_id.eq(to),
            messages::author_id.eq(me),
            messages::body.eq(&original.body),
            messages::created_at.eq(now_micros()),
            messages::forwarded_from_id.eq(original.id),
        ))
        .returning(MessageRecord::as_returning())
        .get_result(conn)
        .await?;
    if !attachments.is_empty() {
        media::link(conn, record.conversation_id, record.id, &attachments).await?;
    }
    let mut copy = Message::from_record(record, attachments);
    announce(conn, Payload::MessageCreated, copy.clone()).await?;
    // The forwarder can see the original: their answer has the link.
    copy.forwarded_from = Some(ForwardedFrom {
        conversation_id: from,
        message_id: original.id,
    });
    Ok(copy)
}

/// For each `(copy, original)`, the link to the original when `reader` can
/// see it (a member of its conversation; not deleted), in one query.
pub(super) async fn links_for(
    conn: &mut AsyncPgConnection,
    reader: Uuid,
    pairs: &[(Uuid, Uuid)],
) -> Result<HashMap<Uuid, ForwardedFrom>> {
    if pairs.is_empty() {
        return Ok(HashMap::new());
    }
    let originals: Vec<Uuid> = pairs.iter().map(|(_, original)| *original).collect();
    let visible: HashMap<Uuid, Uuid> = messages::table
        .filter(messages::id.eq_any(&originals))
        .filter(messages::deleted_at.is_null())
        .filter(diesel::dsl::exists(
            conversation_members::table
                .filter(conversation_members::conversation_id.eq(messages::conversation_id))
                .filter(conversation_members::user_id.eq(reader)),
        ))
        .select((messages::id, messages::conversation_id))
        .load::<(Uuid, Uuid)>(conn)
        .await?
        .into_iter()
        .collect();
    Ok(pairs
        .iter()
        .filter_map(|(copy, original)| {
            visible.get(original).map(|conversation| {
                (
                    *copy,
                    ForwardedFrom {
                        conversation_id: *conversation,
                        message_id: *original,
                    },
                )
            })
        })
        .collect())
}
