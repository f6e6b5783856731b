//! Who may do what in a group: the one place these rules live. Pure functions
//! over the actor's and the target's standing, called by the REST service and the
//! gateway alike, so the rules are tested once, without a database.
//!
//! The rules (SPEC "Groups"): the owner may do everything and outranks everyone;
//! anyone else needs the permission from their role, and acting on another member
//! (kick, ban, change role, delete their message) needs a strictly higher role
//! priority than the target's; a role can only be granted, made or changed below
//! one's own priority.

use crate::error::Error;
use crate::error::ErrorCode;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

bitflags::bitflags! {
    /// A role's set of permissions.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Permissions: u32 {
        const SEND_MESSAGES = 1 << 0;
        const SEND_MEDIA = 1 << 1;
        const DELETE_MESSAGES = 1 << 2;
        const INVITE_MEMBERS = 1 << 3;
        const KICK_MEMBERS = 1 << 4;
        const BAN_MEMBERS = 1 << 5;
        const MANAGE_ROLES = 1 << 6;
        const MANAGE_GROUP = 1 << 7;
        const PIN_MESSAGES = 1 << 8;
        const MENTION_EVERYONE = 1 << 9;
        const MANAGE_WEBHOOKS = 1 << 10;
        const VIEW_AUDIT_LOG = 1 << 11;
        const BYPASS_SLOWMODE = 1 << 12;
        const TIMEOUT_MEMBERS = 1 << 13;
        const MANAGE_REPORTS = 1 << 14;
        const MANAGE_EMOJI = 1 << 15;
    }
}

impl Permissions {
    /// What the default role ("member") of a new group may do.
    pub const MEMBER_DEFAULT: Self = Self::SEND_MESSAGES
        .union(Self::SEND_MEDIA)
        .union(Self::INVITE_MEMBERS);

    /// The wire and database names (`send_messages`, ...), in a fixed order.
    pub fn names(self) -> Vec<String> {
        self.iter_names()
            .map(|(name, _)| name.to_ascii_lowercase())
            .collect()
    }

    /// Parses names as [`Permissions::names`] writes them; an unknown one is an error.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Self, Error> {
        names.iter().try_fold(Self::empty(), |set, name| {
            let name = name.as_ref();
            let flag = (!name.is_empty() && name == name.to_ascii_lowercase())
                .then(|| Self::from_name(&name.to_ascii_uppercase()))
                .flatten()
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidPermission,
                        format!("unknown permission '{name}'"),
                    )
                })?;
            Ok(set | flag)
        })
    }

    /// Reads what the database holds; names it does not know (written by a newer
    /// version) grant nothing.
    pub fn from_stored(names: &[String]) -> Self {
        names
            .iter()
            .filter_map(|n| Self::from_name(&n.to_ascii_uppercase()))
            .fold(Self::empty(), |set, flag| set | flag)
    }
}

impl Serialize for Permissions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Permissions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(deserializer)?;
        Self::parse(&names).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Permissions {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
        let names: Vec<String> = Permissions::all().names();
        ArrayBuilder::new()
            .items(
                ObjectBuilder::new()
                    .schema_type(SchemaType::Type(Type::String))
                    .enum_values(Some(names)),
            )
            .unique_items(true)
            .description(Some("Permission names."))
            .into()
    }
}

impl ToSchema for Permissions {}

/// Where someone stands in a group: what the rules need to know about them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub owner: bool,
    /// Their role's priority.
    pub priority: i32,
    pub permissions: Permissions,
}

impl Standing {
    /// Someone who is not a member (a past author, a user to ban pre-emptively):
    /// everyone with the permission outranks them.
    pub const OUTSIDER: Self = Self {
        owner: false,
        priority: i32::MIN,
        permissions: Permissions::empty(),
    };

    pub fn has(&self, permission: Permissions) -> bool {
        self.owner || self.permissions.contains(permission)
    }

    /// Strictly higher: nobody outranks the owner, the owner outranks everyone else.
    pub fn outranks(&self, other: &Standing) -> bool {
        match (self.owner, other.owner) {
            (_, true) => false,
            (true, false) => true,
            (false, false) => self.priority > other.priority,
        }
    }

    /// Whether a role of `priority` sits below this standing (so it may be made,
    /// changed, deleted or granted by it).
    pub fn ranks_above_role(&self, priority: i32) -> bool {
        self.owner || self.priority > priority
    }
}

/// Something a member wants to do.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    SendMessages,
    SendMedia,
    InviteMembers,
    /// Edit the group's info, kind and handle.
    ManageGroup,
    /// Pin or unpin any message.
    PinMessages,
    /// Notify every member with `@everyone`.
    MentionEveryone,
    /// Make, list and delete the group's incoming webhooks and event subscriptions.
    ManageWebhooks,
    /// Read the group's audit log.
    ViewAuditLog,
    /// Send inside the slow-mode window.
    BypassSlowmode,
    /// See the group's report queue and settle its reports.
    ManageReports,
    /// Add and delete the group's own emoji.
    ManageEmoji,
    /// Put `target` in read-only for a while, or end it early.
    Timeout(Standing),
    /// Delete a message written by someone else.
    DeleteMessageOf(Standing),
    Kick(Standing),
    Ban(Standing),
    Unban,
    /// Give `target` the role of priority `role`.
    AssignRole {
        target: Standing,
        role: i32,
    },
    /// Create, edit, reorder or delete a role of priority `role` that grants
    /// `grants` (for a change, check the role before and after it).
    ManageRole {
        role: i32,
        grants: Permissions,
    },
    TransferOwnership,
    DeleteGroup,
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The actor's role lacks the permission.
    MissingPermission,
    /// The target's rank (or the role's priority) is not below the actor's.
    Outranked,
    /// Only the owner may do this.
    OwnerOnly,
}

/// The rule: may `actor` do `action`?
pub fn authorize(actor: &Standing, action: Action) -> Result<(), Denied> {
    let need = |permission: Permissions| {
        if actor.has(permission) {
            Ok(())
        } else {
            Err(Denied::MissingPermission)
        }
    };
    let above = |ok: bool| if ok { Ok(()) } else { Err(Denied::Outranked) };
    match action {
        Action::SendMessages => need(Permissions::SEND_MESSAGES),
        Action::SendMedia => need(Permissions::SEND_MEDIA),
        Action::InviteMembers => need(Permissions::INVITE_MEMBERS),
        Action::ManageGroup => need(Permissions::MANAGE_GROUP),
        Action::PinMessages => need(Permissions::PIN_MESSAGES),
        Action::MentionEveryone => need(Permissions::MENTION_EVERYONE),
        Action::ManageWebhooks => need(Permissions::MANAGE_WEBHOOKS),
        Action::ViewAuditLog => need(Permissions::VIEW_AUDIT_LOG),
        Action::BypassSlowmode => need(Permissions::BYPASS_SLOWMODE),
        Action::ManageReports => need(Permissions::MANAGE_REPORTS),
        Action::ManageEmoji => need(Permissions::MANAGE_EMOJI),
        Action::Timeout(target) => {
            need(Permissions::TIMEOUT_MEMBERS)?;
            above(actor.outranks(&target))
        }
        Action::DeleteMessageOf(author) => {
            need(Permissions::DELETE_MESSAGES)?;
            above(actor.outranks(&author))
        }
        Action::Kick(target) => {
            need(Permissions::KICK_MEMBERS)?;
            above(actor.outranks(&target))
        }
        Action::Ban(target) => {
            need(Permissions::BAN_MEMBERS)?;
            above(actor.outranks(&target))
        }
        Action::Unban => need(Permissions::BAN_MEMBERS),
        Action::AssignRole { target, role } => {
            need(Permissions::MANAGE_ROLES)?;
            above(actor.outranks(&target) && actor.ranks_above_role(role))
        }
        Action::ManageRole { role, grants } => {
            need(Permissions::MANAGE_ROLES)?;
            // Granting what you lack would let you hand it to yourself by proxy.
            if !actor.owner && !actor.permissions.contains(grants) {
                return Err(Denied::MissingPermission);
            }
            above(actor.ranks_above_role(role))
        }
        Action::TransferOwnership | Action::DeleteGroup => {
            if actor.owner {
                Ok(())
            } else {
                Err(Denied::OwnerOnly)
            }
        }
    }
}

impl From<Denied> for Error {
    fn from(denied: Denied) -> Self {
        match denied {
            Denied::MissingPermission => Error::new(
                ErrorCode::MissingPermission,
                "your role does not allow this",
            ),
            Denied::Outranked => Error::new(
                ErrorCode::InsufficientRank,
                "you can only act on members and roles ranked below yours",
            ),
            Denied::OwnerOnly => {
                Error::new(ErrorCode::OwnerOnly, "only the group's owner can do this")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(priority: i32, permissions: Permissions) -> Standing {
        Standing {
            owner: false,
            priority,
            permissions,
        }
    }

    const OWNER: Standing = Standing {
        owner: true,
        priority: 0,
        permissions: Permissions::empty(),
    };

    /// Every permission-only action: allowed exactly when the role has it, and
    /// always for the owner.
    #[test]
    fn plain_permissions() {
        let cases = [
            (Action::SendMessages, Permissions::SEND_MESSAGES),
            (Action::SendMedia, Permissions::SEND_MEDIA),
            (Action::InviteMembers, Permissions::INVITE_MEMBERS),
            (Action::ManageGroup, Permissions::MANAGE_GROUP),
            (Action::PinMessages, Permissions::PIN_MESSAGES),
            (Action::MentionEveryone, Permissions::MENTION_EVERYONE),
            (Action::ManageWebhooks, Permissions::MANAGE_WEBHOOKS),
            (Action::ViewAuditLog, Permissions::VIEW_AUDIT_LOG),
            (Action::BypassSlowmode, Permissions::BYPASS_SLOWMODE),
            (Action::ManageReports, Permissions::MANAGE_REPORTS),
            (Action::ManageEmoji, Permissions::MANAGE_EMOJI),
            (Action::Unban, Permissions::BAN_MEMBERS),
        ];
        for (action, permission) in cases {
            assert_eq!(
                authorize(&member(5, permission), action),
                Ok(()),
                "{action:?}"
            );
            assert_eq!(
                authorize(&member(5, Permissions::all() - permission), action),
                Err(Denied::MissingPermission),
                "{action:?}"
            );
            assert_eq!(authorize(&OWNER, action), Ok(()), "{action:?}");
        }
    }

    /// Every action on another member, for each rank of the target.
    #[test]
    fn actions_on_members_follow_rank() {
        type OnTarget = fn(Standing) -> Action;
        let actions: [(OnTarget, Permissions); 5] = [
            (Action::Kick, Permissions::KICK_MEMBERS),
            (Action::Ban, Permissions::BAN_MEMBERS),
            (Action::Timeout, Permissions::TIMEOUT_MEMBERS),
            (Action::DeleteMessageOf, Permissions::DELETE_MESSAGES),
            (
                |target| Action::AssignRole { target, role: 0 },
                Permissions::MANAGE_ROLES,
            ),
        ];
        for (make, permission) in actions {
            let actor = member(10, permission);
            let targets = [
                (member(11, Permissions::all()), Err(Denied::Outranked)),
                (member(10, Permissions::empty()), Err(Denied::Outranked)),
                (member(9, Permissions::all()), Ok(())),
                (Standing::OUTSIDER, Ok(())),
                (OWNER, Err(Denied::Outranked)),
            ];
            for (target, expected) in targets {
                let action = make(target);
                assert_eq!(authorize(&actor, action), expected, "{action:?}");
                assert_eq!(
                    authorize(&member(100, Permissions::empty()), action),
                    Err(Denied::MissingPermission),
                    "{action:?} without the permission"
                );
                let by_owner = if target.owner {
                    Err(Denied::Outranked)
                } else {
                    Ok(())
                };
                assert_eq!(
                    authorize(&OWNER, action),
                    by_owner,
                    "{action:?} by the owner"
                );
            }
        }
    }

    #[test]
    fn roles_can_only_be_made_and_granted_below_your_own() {
        let moderator = member(10, Permissions::MANAGE_ROLES | Permissions::SEND_MESSAGES);
        let grants = Permissions::SEND_MESSAGES;
        for (role, expected) in [
            (9, Ok(())),
            (10, Err(Denied::Outranked)),
            (11, Err(Denied::Outranked)),
        ] {
            assert_eq!(
                authorize(&moderator, Action::ManageRole { role, grants }),
                expected
            );
            let target = member(0, Permissions::empty());
            assert_eq!(
                authorize(&moderator, Action::AssignRole { target, role }),
                expected
            );
        }
        let owner_grants = Permissions::all();
        assert_eq!(
            authorize(
                &OWNER,
                Action::ManageRole {
                    role: i32::MAX,
                    grants: owner_grants
                }
            ),
            Ok(())
        );
    }

    #[test]
    fn roles_cannot_grant_what_their_maker_lacks() {
        let moderator = member(10, Permissions::MANAGE_ROLES);
        let grants = Permissions::BAN_MEMBERS;
        assert_eq!(
            authorize(&moderator, Action::ManageRole { role: 0, grants }),
            Err(Denied::MissingPermission)
        );
    }

    #[test]
    fn owner_only_actions() {
        for action in [Action::TransferOwnership, Action::DeleteGroup] {
            assert_eq!(authorize(&OWNER, action), Ok(()));
            assert_eq!(
                authorize(&member(i32::MAX, Permissions::all()), action),
                Err(Denied::OwnerOnly)
            );
        }
    }

    #[test]
    fn permission_names_round_trip() {
        let all = Permissions::all();
        assert_eq!(all.names().len(), 16);
        assert_eq!(Permissions::parse(&all.names()).unwrap(), all);
        assert_eq!(
            Permissions::parse(&["send_messages"]).unwrap(),
            Permissions::SEND_MESSAGES
        );
        for bad in ["SEND_MESSAGES", "fly", ""] {
            assert_eq!(
                Permissions::parse(&[bad]).unwrap_err().code(),
                "invalid_permission"
            );
        }
        assert_eq!(
            Permissions::from_stored(&["send_media".into(), "future_thing".into()]),
            Permissions::SEND_MEDIA
        );
    }
}
