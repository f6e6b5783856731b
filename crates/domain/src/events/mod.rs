//! Events: what other users must see happen. Each is written to the `outbox`
//! table in the same transaction as the change it describes (so a committed change
//! always has its event, and a rolled-back one never does), then published to
//! Redis streams by the [`relay`], from which gateways deliver it.

pub mod payloads;
pub mod relay;
pub mod stream;

use crate::error::Result;
use crate::schema::outbox;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use uuid::Uuid;

/// Declares [`EventType`] from one list: each variant with its wire name.
macro_rules! event_types {
    ($($variant:ident => $name:literal,)+) => {
        /// Every event type, as it appears on the wire (`"type": "message.created"`).
        /// `docs/protocol.md`'s table of events is checked against [`EventType::ALL`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EventType {
            $($variant,)+
        }

        impl EventType {
            pub const ALL: &[EventType] = &[$(Self::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }
        }
    };
}

event_types! {
    MessageCreated => "message.created",
    MessageUpdated => "message.updated",
    MessageDeleted => "message.deleted",
    MessageReactionAdded => "message.reaction_added",
    MessageReactionRemoved => "message.reaction_removed",
    MessagePinned => "message.pinned",
    MessageUnpinned => "message.unpinned",
    ConversationCreated => "conversation.created",
    ConversationRead => "conversation.read",
    FriendRequestCreated => "friend_request.created",
    FriendRequestAccepted => "friend_request.accepted",
    FriendRequestDeclined => "friend_request.declined",
    FriendRequestCancelled => "friend_request.cancelled",
    FriendRemoved => "friend.removed",
    NotificationCreated => "notification.created",
    NotificationRead => "notification.read",
    PresenceUpdated => "presence.updated",
    TypingStarted => "typing.started",
    GroupCreated => "group.created",
    GroupUpdated => "group.updated",
    GroupDeleted => "group.deleted",
    GroupMemberJoined => "group.member_joined",
    GroupMemberLeft => "group.member_left",
    GroupMemberBanned => "group.member_banned",
    GroupMemberUnbanned => "group.member_unbanned",
    GroupMemberUpdated => "group.member_updated",
    GroupRoleCreated => "group.role_created",
    GroupRoleUpdated => "group.role_updated",
    GroupRoleDeleted => "group.role_deleted",
    GroupRolesReordered => "group.roles_reordered",
    GroupInviteCreated => "group_invite.created",
    GroupInviteDeclined => "group_invite.declined",
    GroupInviteRevoked => "group_invite.revoked",
    MediaUpdated => "media.updated",
    SessionRevoked => "session.revoked",
}

/// One event: its type, who receives it, and its `data` (for `message.*`, the
/// message exactly as the REST API returns it).
#[derive(Debug, Clone)]
pub struct Event {
    pub kind: EventType,
    pub recipients: Vec<Uuid>,
    pub data: serde_json::Value,
}

impl Event {
    pub fn new(kind: EventType, recipients: Vec<Uuid>, data: impl Serialize) -> Self {
        let mut recipients = recipients;
        recipients.sort_unstable();
        recipients.dedup();
        Self {
            kind,
            recipients,
            data: serde_json::to_value(data).expect("event data serialises"),
        }
    }
}

/// Writes the event to the outbox. Call it inside the transaction of the change.
pub async fn enqueue(conn: &mut AsyncPgConnection, event: &Event) -> Result<()> {
    enqueue_all(conn, std::slice::from_ref(event)).await
}

/// Writes the events to the outbox with one insert, in order.
pub async fn enqueue_all(conn: &mut AsyncPgConnection, events: &[Event]) -> Result<()> {
    // Postgres takes at most 65,535 parameters a statement: 3 per row.
    for chunk in events.chunks(10_000) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|event| {
                (
                    outbox::event_type.eq(event.kind.as_str()),
                    outbox::recipients.eq(&event.recipients),
                    outbox::payload.eq(&event.data),
                )
            })
            .collect();
        diesel::insert_into(outbox::table)
            .values(&rows)
            .execute(conn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::EventType;
    use std::collections::BTreeSet;

    const PROTOCOL: &str = include_str!("../../../../docs/protocol.md");

    /// The types named in the first cell of each row of the protocol doc's table
    /// of events (the one headed `| type | to | data |`).
    fn documented() -> BTreeSet<&'static str> {
        let mut lines = PROTOCOL
            .lines()
            .skip_while(|line| !line.starts_with("| type | to | data |"))
            .skip(2);
        let mut types = BTreeSet::new();
        for line in lines.by_ref().take_while(|line| line.starts_with('|')) {
            let first_cell = line.split('|').nth(1).unwrap_or_default();
            types.extend(first_cell.split('`').skip(1).step_by(2));
        }
        types
    }

    #[test]
    fn the_protocol_doc_lists_every_event_type_and_no_other() {
        let catalogue: BTreeSet<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            documented(),
            catalogue,
            "docs/protocol.md's table of events (left) against EventType (right)"
        );
    }
}
