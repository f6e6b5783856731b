//! Every group action reaches every member live and lands in history: one
//! function writes both, in the transaction of the change.

use super::info::GroupRow;
use crate::conversations::member_ids;
use crate::error::Result;
use crate::events::{self, Event, EventType};
use crate::messages::{Message, MessageRecord};
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
}

/// Writes the system message and the event: both to the group's members as they
/// are now, plus `also_to` (someone who just left still hears that they did).
pub(super) async fn announce(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    kind: EventType,
    data: impl Serialize,
    note: SystemNote,
    also_to: &[Uuid],
) -> Result<()> {
    let mut recipients = member_ids(conn, group.conversation_id).await?;
    let record: MessageRecord = diesel::insert_into(messages::table)
        .values((
            messages::id.eq(Uuid::now_v7()),
            messages::conversation_id.eq(group.conversation_id),
            messages::created_at.eq(crate::messages::now_micros()),
            messages::system.eq(serde_json::to_value(&note).expect("note serialises")),
        ))
        .returning(MessageRecord::as_returning())
        .get_result(conn)
        .await?;
    let message = Message::bare(record);
    let message_event = Event::new(EventType::MessageCreated, recipients.clone(), &message);
    recipients.extend_from_slice(also_to);
    events::enqueue(conn, &Event::new(kind, recipients, data)).await?;
    events::enqueue(conn, &message_event).await
}
