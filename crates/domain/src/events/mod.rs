//! Events: what other users must see happen. Each is written to the `outbox`
//! table in the same transaction as the change it describes (so a committed change
//! always has its event, and a rolled-back one never does), then published to
//! Redis streams by the [`relay`], from which gateways deliver it.

pub mod relay;
pub mod stream;

use crate::error::Result;
use crate::schema::outbox;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use uuid::Uuid;

/// Every event type, as it appears on the wire (`"type": "message.created"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    MessageCreated,
    MessageUpdated,
    MessageDeleted,
    MessageReactionAdded,
    MessageReactionRemoved,
    MessagePinned,
    MessageUnpinned,
    ConversationCreated,
    ConversationRead,
    FriendRequestCreated,
    FriendRequestAccepted,
    FriendRequestDeclined,
    FriendRequestCancelled,
    FriendRemoved,
    NotificationCreated,
    NotificationRead,
    PresenceUpdated,
    GroupCreated,
    GroupUpdated,
    GroupDeleted,
    GroupMemberJoined,
    GroupMemberLeft,
    GroupMemberBanned,
    GroupMemberUnbanned,
    GroupMemberUpdated,
    GroupRoleCreated,
    GroupRoleUpdated,
    GroupRoleDeleted,
    GroupRolesReordered,
    GroupInviteCreated,
    GroupInviteDeclined,
    GroupInviteRevoked,
    MediaUpdated,
    SessionRevoked,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MessageCreated => "message.created",
            Self::MessageUpdated => "message.updated",
            Self::MessageDeleted => "message.deleted",
            Self::MessageReactionAdded => "message.reaction_added",
            Self::MessageReactionRemoved => "message.reaction_removed",
            Self::MessagePinned => "message.pinned",
            Self::MessageUnpinned => "message.unpinned",
            Self::ConversationCreated => "conversation.created",
            Self::ConversationRead => "conversation.read",
            Self::FriendRequestCreated => "friend_request.created",
            Self::FriendRequestAccepted => "friend_request.accepted",
            Self::FriendRequestDeclined => "friend_request.declined",
            Self::FriendRequestCancelled => "friend_request.cancelled",
            Self::FriendRemoved => "friend.removed",
            Self::NotificationCreated => "notification.created",
            Self::NotificationRead => "notification.read",
            Self::PresenceUpdated => "presence.updated",
            Self::GroupCreated => "group.created",
            Self::GroupUpdated => "group.updated",
            Self::GroupDeleted => "group.deleted",
            Self::GroupMemberJoined => "group.member_joined",
            Self::GroupMemberLeft => "group.member_left",
            Self::GroupMemberBanned => "group.member_banned",
            Self::GroupMemberUnbanned => "group.member_unbanned",
            Self::GroupMemberUpdated => "group.member_updated",
            Self::GroupRoleCreated => "group.role_created",
            Self::GroupRoleUpdated => "group.role_updated",
            Self::GroupRoleDeleted => "group.role_deleted",
            Self::GroupRolesReordered => "group.roles_reordered",
            Self::GroupInviteCreated => "group_invite.created",
            Self::GroupInviteDeclined => "group_invite.declined",
            Self::GroupInviteRevoked => "group_invite.revoked",
            Self::MediaUpdated => "media.updated",
            Self::SessionRevoked => "session.revoked",
        }
    }
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
