//! The `data` of the events that carry references rather than a whole resource
//! (those that carry a message, a group, a request... send its API model).
//! Each is named for its event; `docs/protocol.md` lists them all.

use crate::models::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// `conversation.created`: a new DM (fetch `GET /conversations/{id}` for the view).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConversationCreated {
    pub id: Uuid,
    /// Always `dm`: groups announce themselves with `group.created`.
    pub kind: String,
    pub member_ids: Vec<Uuid>,
}

/// `friend.removed`: the two are no longer friends (unfriend, or a block).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FriendRemoved {
    pub user_ids: [Uuid; 2],
}

/// `notification.read`: these were marked read; this many stay unread.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NotificationsRead {
    pub user_id: Uuid,
    pub ids: Vec<Uuid>,
    pub unread_count: i64,
}

/// `typing.started`: ephemeral, never stored.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TypingStarted {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
}

/// `session.revoked`: these logins of the user ended.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionsRevoked {
    pub user_id: Uuid,
    pub session_ids: Vec<Uuid>,
}

/// `group.deleted`: drop the group and its history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GroupDeleted {
    pub id: Uuid,
    pub conversation_id: Uuid,
}

/// Why a member left a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeaveReason {
    Left,
    Kicked,
}

/// `group.member_left`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MemberLeft {
    pub group_id: Uuid,
    pub user_id: Uuid,
    pub reason: LeaveReason,
    /// Who kicked them (absent when they left).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
}

/// `group.member_banned` and `group.member_unbanned`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BanChanged {
    pub group_id: Uuid,
    pub user_id: Uuid,
    pub actor_id: Uuid,
}

/// `group.role_deleted`: its holders now have `moved_to`, the default role.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RoleDeleted {
    pub group_id: Uuid,
    pub role_id: Uuid,
    pub moved_to: Option<Uuid>,
}

/// `group_invite.declined` and `group_invite.revoked`: the invitation is gone.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InviteGone {
    pub id: Uuid,
    pub group_id: Uuid,
    pub inviter_id: Uuid,
    pub invitee_id: Uuid,
}

/// `group.roles_reordered`: the group's roles in their new order, highest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RolesReordered {
    pub group_id: Uuid,
    pub roles: Vec<Role>,
}
