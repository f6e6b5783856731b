//! System messages: a line in history, with no author, saying what happened
//! (a group action, a pin). Written in the transaction of the change.

use super::{Message, MessageRecord};
use crate::error::Result;
use crate::events::{self, Payload};
use crate::schema::messages;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What a system message says happened (its `system` object; `type` tells which).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SystemNote {
    GroupCreated {
        actor_id: Uuid,
    },
    GroupUpdated {
        actor_id: Uuid,
        fields: Vec<&'static str>,
    },
    MemberJoined {
        user_id: Uuid,
        invited_by: Option<Uuid>,
    },
    MemberLeft {
        user_id: Uuid,
    },
    MemberKicked {
        user_id: Uuid,
        actor_id: Uuid,
    },
    MemberBanned {
        user_id: Uuid,
        actor_id: Uuid,
    },
    MemberUnbanned {
        user_id: Uuid,
        actor_id: Uuid,
    },
    RoleCreated {
        actor_id: Uuid,
        role_id: Uuid,
        name: String,
    },
    RoleUpdated {
        actor_id: Uuid,
        role_id: Uuid,
        name: String,
    },
    RoleDeleted {
        actor_id: Uuid,
        role_id: Uuid,
        name: String,
    },
    RolesReordered {
        actor_id: Uuid,
    },
    RoleAssigned {
        actor_id: Uuid,
        user_id: Uuid,
        role_id: Uuid,
        name: String,
    },
    OwnershipTransferred {
        actor_id: Uuid,
        user_id: Uuid,
    },
    MessagePinned {
        actor_id: Uuid,
        message_id: Uuid,
    },
    MessageUnpinned {
        actor_id: Uuid,
        message_id: Uuid,
    },
}

/// Writes a system message into `conversation` and its `message.created`
/// event.
pub(crate) async fn post_system(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    note: SystemNote,
) -> Result<()> {
    let record: MessageRecord = diesel::insert_into(messages::table)
        .values((
            messages::id.eq(Uuid::now_v7()),
            messages::conversation_id.eq(conversation),
            messages::created_at.eq(super::now_micros()),
            messages::system.eq(serde_json::to_value(&note).expect("note serialises")),
        ))
        .returning(MessageRecord::as_returning())
        .get_result(conn)
        .await?;
    let message = Message::bare(record);
    events::enqueue(conn, Payload::MessageCreated(message)).await
}
