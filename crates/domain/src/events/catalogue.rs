//! The event catalogue: every event type, its `data`, and who receives it, in
//! one list. Writers build a [`Payload`]; [`super::enqueue`] addresses it by
//! [`Payload::audience`] and stores its `data`; the OpenAPI document carries
//! [`Payload`]'s schema, and `docs/protocol.md`'s table is checked against
//! [`EventType::ALL`].

use super::payloads::{
    BanChanged, ConversationCreated, FriendRemoved, GroupDeleted, InviteGone, MemberLeft,
    NotificationsRead, RoleDeleted, RolesReordered, SessionsRevoked, TypingStarted,
};
use crate::models::{
    ConversationNotifications, Draft, FriendRequest, Group, Invite, Media, Member, Message,
    Notification, Presence, ReactionChange, ReadState, Role, ThreadMembership, ThreadSummary,
};
use crate::models::{CustomEmoji, EmojiDeleted};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Declares [`EventType`] and [`Payload`] from one list: each variant with its
/// wire name and the type of its `data`.
macro_rules! catalogue {
    ($($variant:ident => $name:literal ($data:ty),)+) => {
        /// Every event type, as it appears on the wire (`"type": "message.created"`).
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

            pub fn parse(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|t| t.as_str() == name)
            }
        }

        impl utoipa::PartialSchema for EventType {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
                ObjectBuilder::new()
                    .schema_type(SchemaType::Type(Type::String))
                    .enum_values(Some(Self::ALL.iter().map(|t| t.as_str())))
                    .description(Some("An event type (docs/protocol.md)."))
                    .into()
            }
        }

        impl utoipa::ToSchema for EventType {}

        impl Serialize for EventType {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// An event as a socket receives it: `{"type": ..., "data": ...}` (the
        /// gateway adds its `id`).
        #[derive(Debug, Clone, Serialize, ToSchema)]
        #[serde(tag = "type", content = "data")]
        pub enum Payload {
            $(#[serde(rename = $name)] #[schema(rename = $name)] $variant($data),)+
        }

        impl Payload {
            pub fn kind(&self) -> EventType {
                match self {
                    $(Self::$variant(_) => EventType::$variant,)+
                }
            }

            /// The `data` alone, as stored in the outbox.
            pub fn data(&self) -> serde_json::Value {
                match self {
                    $(Self::$variant(data) => serde_json::to_value(data),)+
                }
                .expect("event data serialises")
            }
        }
    };
}

catalogue! {
    MessageCreated => "message.created" (Message),
    MessageUpdated => "message.updated" (Message),
    MessageDeleted => "message.deleted" (Message),
    MessageReactionAdded => "message.reaction_added" (ReactionChange),
    MessageReactionRemoved => "message.reaction_removed" (ReactionChange),
    MessagePinned => "message.pinned" (Message),
    MessageUnpinned => "message.unpinned" (Message),
    ThreadUpdated => "thread.updated" (ThreadSummary),
    ThreadMemberUpdated => "thread.member_updated" (ThreadMembership),
    ConversationCreated => "conversation.created" (ConversationCreated),
    ConversationRead => "conversation.read" (ReadState),
    ConversationNotificationsUpdated => "conversation.notifications_updated" (ConversationNotifications),
    DraftUpdated => "draft.updated" (Draft),
    FriendRequestCreated => "friend_request.created" (FriendRequest),
    FriendRequestAccepted => "friend_request.accepted" (FriendRequest),
    FriendRequestDeclined => "friend_request.declined" (FriendRequest),
    FriendRequestCancelled => "friend_request.cancelled" (FriendRequest),
    FriendRemoved => "friend.removed" (FriendRemoved),
    NotificationCreated => "notification.created" (Notification),
    NotificationRead => "notification.read" (NotificationsRead),
    PresenceUpdated => "presence.updated" (Presence),
    TypingStarted => "typing.started" (TypingStarted),
    GroupCreated => "group.created" (Group),
    GroupUpdated => "group.updated" (Group),
    GroupDeleted => "group.deleted" (GroupDeleted),
    GroupMemberJoined => "group.member_joined" (Member),
    GroupMemberLeft => "group.member_left" (MemberLeft),
    GroupMemberBanned => "group.member_banned" (BanChanged),
    GroupMemberUnbanned => "group.member_unbanned" (BanChanged),
    GroupMemberUpdated => "group.member_updated" (Member),
    GroupRoleCreated => "group.role_created" (Role),
    GroupRoleUpdated => "group.role_updated" (Role),
    GroupRoleDeleted => "group.role_deleted" (RoleDeleted),
    GroupRolesReordered => "group.roles_reordered" (RolesReordered),
    GroupEmojiCreated => "group.emoji_created" (CustomEmoji),
    GroupEmojiDeleted => "group.emoji_deleted" (EmojiDeleted),
    GroupInviteCreated => "group_invite.created" (Invite),
    GroupInviteDeclined => "group_invite.declined" (InviteGone),
    GroupInviteRevoked => "group_invite.revoked" (InviteGone),
    MediaUpdated => "media.updated" (Media),
    SessionRevoked => "session.revoked" (SessionsRevoked),
}

impl EventType {
    /// Events about a group as a whole, which a group's webhook subscription
    /// may ask for: its messages, its info, members and roles (not what is
    /// one member's own: read markers, notifications, invitations).
    pub fn is_about_a_group(self) -> bool {
        use EventType::*;
        matches!(
            self,
            MessageCreated
                | MessageUpdated
                | MessageDeleted
                | MessageReactionAdded
                | MessageReactionRemoved
                | MessagePinned
                | MessageUnpinned
                | ThreadUpdated
                | GroupUpdated
                | GroupDeleted
                | GroupMemberJoined
                | GroupMemberLeft
                | GroupMemberBanned
                | GroupMemberUnbanned
                | GroupMemberUpdated
                | GroupRoleCreated
                | GroupRoleUpdated
                | GroupRoleDeleted
                | GroupRolesReordered
                | GroupEmojiCreated
                | GroupEmojiDeleted
        )
    }
}

/// Who receives an event, resolved when it is written (so "the members" means
/// the members as of that transaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every member of the conversation.
    Conversation(Uuid),
    /// Every member of the group, and one more person (someone who just left
    /// or was banned still hears that they did).
    Group { group: Uuid, also: Option<Uuid> },
    /// Exactly these people.
    People(Vec<Uuid>),
    /// The user and their friends.
    FriendsOf(Uuid),
    /// Whoever is shown the medium: its uploader and the members of every
    /// conversation it is shared in.
    MediaViewers { media: Uuid, uploader: Uuid },
}

impl Payload {
    /// The one recipient rule of each kind of event.
    pub fn audience(&self) -> Audience {
        use Audience::{Conversation, FriendsOf, MediaViewers, People};
        let group = |group: Uuid, also: Option<Uuid>| Audience::Group { group, also };
        match self {
            Self::MessageCreated(m)
            | Self::MessageUpdated(m)
            | Self::MessageDeleted(m)
            | Self::MessagePinned(m)
            | Self::MessageUnpinned(m) => Conversation(m.conversation_id),
            Self::MessageReactionAdded(c) | Self::MessageReactionRemoved(c) => {
                Conversation(c.conversation_id)
            }
            Self::ConversationRead(r) => Conversation(r.conversation_id),
            Self::ThreadUpdated(t) => Conversation(t.conversation_id),
            Self::ThreadMemberUpdated(m) => People(vec![m.user_id]),
            Self::TypingStarted(t) => Conversation(t.conversation_id),
            Self::ConversationCreated(c) => People(c.member_ids.clone()),
            Self::FriendRequestCreated(r)
            | Self::FriendRequestAccepted(r)
            | Self::FriendRequestDeclined(r)
            | Self::FriendRequestCancelled(r) => People(vec![r.from.id, r.to.id]),
            Self::FriendRemoved(f) => People(f.user_ids.to_vec()),
            Self::NotificationCreated(n) => People(vec![n.user_id]),
            Self::NotificationRead(n) => People(vec![n.user_id]),
            Self::SessionRevoked(s) => People(vec![s.user_id]),
            Self::DraftUpdated(d) => People(vec![d.user_id]),
            Self::ConversationNotificationsUpdated(n) => People(vec![n.user_id]),
            Self::PresenceUpdated(p) => FriendsOf(p.user_id),
            Self::GroupCreated(g) | Self::GroupUpdated(g) => Conversation(g.conversation_id),
            Self::GroupDeleted(d) => Conversation(d.conversation_id),
            Self::GroupMemberJoined(m) | Self::GroupMemberUpdated(m) => group(m.group_id, None),
            Self::GroupMemberLeft(l) => group(l.group_id, Some(l.user_id)),
            Self::GroupMemberBanned(b) => group(b.group_id, Some(b.user_id)),
            Self::GroupMemberUnbanned(b) => group(b.group_id, None),
            Self::GroupRoleCreated(r) | Self::GroupRoleUpdated(r) => group(r.group_id, None),
            Self::GroupRoleDeleted(d) => group(d.group_id, None),
            Self::GroupRolesReordered(r) => group(r.group_id, None),
            Self::GroupEmojiCreated(e) => group(e.group_id, None),
            Self::GroupEmojiDeleted(e) => group(e.group_id, None),
            Self::GroupInviteCreated(i) => People(vec![i.inviter.id, i.invitee.id]),
            Self::GroupInviteDeclined(g) | Self::GroupInviteRevoked(g) => {
                People(vec![g.inviter_id, g.invitee_id])
            }
            Self::MediaUpdated(m) => MediaViewers {
                media: m.id,
                uploader: m.uploader_id,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_serialises_as_its_wire_type_and_data() {
        let (conversation_id, user_id) = (Uuid::now_v7(), Uuid::now_v7());
        let payload = Payload::TypingStarted(TypingStarted {
            conversation_id,
            user_id,
        });
        let wire = serde_json::to_value(&payload).unwrap();
        assert_eq!(wire["type"], payload.kind().as_str());
        assert_eq!(wire["type"], "typing.started");
        assert_eq!(wire["data"], payload.data());
        assert_eq!(wire["data"]["user_id"], user_id.to_string());
        assert_eq!(payload.audience(), Audience::Conversation(conversation_id));
    }
}
