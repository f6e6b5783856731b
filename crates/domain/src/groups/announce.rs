//! Every group action reaches every member live and lands in history: one
//! function writes both, in the transaction of the change, and logs the
//! moderation and settings actions in the group's audit log.

use super::row::GroupRow;
use crate::audit::{self, AuditAction, AuditReason, Logged};
use crate::error::Result;
use crate::events::{self, Payload};
use crate::messages::{SystemNote, post_system};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

/// Writes the event and the system message, both to the group's members as they
/// are now (the event's audience may add someone who just left).
pub(super) async fn announce(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    event: Payload,
    note: SystemNote,
) -> Result<()> {
    announce_moderation(conn, group, event, note, None).await
}

/// [`announce`], with the moderator's reason for the audit log.
pub(super) async fn announce_moderation(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    event: Payload,
    note: SystemNote,
    reason: Option<&AuditReason>,
) -> Result<()> {
    if let Some((action, actor, target)) = audited(&note) {
        let details = serde_json::to_value(&note).expect("note serialises");
        let entry = Logged {
            action,
            actor,
            target,
            details,
            reason,
        };
        audit::record(conn, group.conversation_id, entry).await?;
    }
    events::enqueue(conn, event).await?;
    post_system(conn, group.conversation_id, note).await
}

/// The audit log's action, actor and target of a system line, for the lines of
/// moderation and settings (joining, leaving and creating are not logged).
fn audited(note: &SystemNote) -> Option<(AuditAction, Uuid, Option<Uuid>)> {
    use SystemNote as N;
    Some(match *note {
        N::GroupCreated { .. } | N::MemberJoined { .. } | N::MemberLeft { .. } => return None,
        N::MessagePinned { .. } | N::MessageUnpinned { .. } => return None,
        N::GroupUpdated { actor_id, .. } => (AuditAction::GroupUpdated, actor_id, None),
        N::MemberKicked { user_id, actor_id } => {
            (AuditAction::MemberKicked, actor_id, Some(user_id))
        }
        N::MemberBanned { user_id, actor_id } => {
            (AuditAction::MemberBanned, actor_id, Some(user_id))
        }
        N::MemberUnbanned { user_id, actor_id } => {
            (AuditAction::MemberUnbanned, actor_id, Some(user_id))
        }
        N::RoleCreated { actor_id, .. } => (AuditAction::RoleCreated, actor_id, None),
        N::RoleUpdated { actor_id, .. } => (AuditAction::RoleUpdated, actor_id, None),
        N::RoleDeleted { actor_id, .. } => (AuditAction::RoleDeleted, actor_id, None),
        N::RolesReordered { actor_id } => (AuditAction::RolesReordered, actor_id, None),
        N::RoleAssigned {
            actor_id, user_id, ..
        } => (AuditAction::RoleAssigned, actor_id, Some(user_id)),
        N::OwnershipTransferred { actor_id, user_id } => {
            (AuditAction::OwnershipTransferred, actor_id, Some(user_id))
        }
    })
}
