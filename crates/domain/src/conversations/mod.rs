//! Conversations: one model for DMs and groups, with members and their read
//! markers. The list is one query (last message and unread count included).

mod list;
pub mod notify;

pub use list::{Conversation, GroupSummary, get, list};

use crate::access::are_friends;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::payloads::ConversationCreated;
use crate::events::{self, Payload};
use crate::schema::{conversation_members, conversations};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

fn dm_key(a: Uuid, b: Uuid) -> String {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    format!("{lo}:{hi}")
}

/// The one DM between two friends: created on first use, the same one after.
/// Returns its id and whether it was created now.
pub async fn open_dm(conn: &mut AsyncPgConnection, me: Uuid, other: Uuid) -> Result<(Uuid, bool)> {
    if me == other || !are_friends(conn, me, other).await? {
        return Err(Error::new(
            ErrorCode::NotFriends,
            "direct messages need friendship",
        ));
    }
    let key = dm_key(me, other);
    let created: Option<Uuid> = diesel::insert_into(conversations::table)
        .values((
            conversations::id.eq(Uuid::now_v7()),
            conversations::kind.eq("dm"),
            conversations::dm_key.eq(&key),
        ))
        .on_conflict(conversations::dm_key)
        .do_nothing()
        .returning(conversations::id)
        .get_result(conn)
        .await
        .optional()?;
    let Some(id) = created else {
        let id = conversations::table
            .filter(conversations::dm_key.eq(&key))
            .select(conversations::id)
            .first(conn)
            .await?;
        return Ok((id, false));
    };
    diesel::insert_into(conversation_members::table)
        .values(&vec![
            (
                conversation_members::conversation_id.eq(id),
                conversation_members::user_id.eq(me),
            ),
            (
                conversation_members::conversation_id.eq(id),
                conversation_members::user_id.eq(other),
            ),
        ])
        .execute(conn)
        .await?;
    events::enqueue(
        conn,
        Payload::ConversationCreated(ConversationCreated {
            id,
            kind: "dm".to_owned(),
            member_ids: vec![me, other],
        }),
    )
    .await?;
    Ok((id, true))
}
