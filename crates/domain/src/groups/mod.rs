//! Groups: a conversation of kind `group` with info, roles, bans and invitations.
//! Every change is checked by [`crate::access::authorize`], written in one
//! transaction with its system message and its events ([`announce`]).

mod announce;
pub mod emoji;
mod fields;
mod info;
mod invite_links;
mod invites;
mod members;
mod roles;
mod row;
mod search;
mod standing;
mod timeouts;
pub mod webhooks;

pub use crate::models::{Group, Invite, Member, Role};
pub use fields::{Colour, Description, GroupKind, GroupName, Handle, Priority, RoleName};
pub use info::{GroupChanges, GroupDetails, MyMembership, NewGroup, Slowmode};
pub use info::{create, delete, delete_as_site_admin, get, transfer_ownership, update};
pub use invite_links::{
    InviteLink, InviteLinkPreview, LinkTerms, create_link, join_by_link, links, preview,
    revoke_link,
};
pub use invites::{
    Accepted, accept_invite, decline_invite, invite, invite_revoked, my_invites, pending_invites,
    revoke_invite,
};
pub use members::{
    Ban, MemberPage, ban, bans, join, kick, leave, leave_all, members, set_role, unban,
};
pub use roles::{
    NewRole, RoleChanges, create_role, delete_role, reorder_roles, roles, update_role,
};
pub use search::{GroupSearchPage, GroupSearchResult, QUERY_MAX, every_group, search};
pub use timeouts::{TimeoutLength, end_timeout, time_out};
