//! `/api/v1/groups/*`: groups, their members, bans, roles and invitations.

pub mod audit_log;
pub mod ban;
pub mod bans;
pub mod create;
pub mod create_role;
pub mod delete;
pub mod delete_role;
pub mod get;
pub mod invite;
pub mod invite_links;
pub mod invites;
pub mod join;
pub mod kick;
pub mod leave;
pub mod members;
pub mod reorder_roles;
pub mod reset_role;
pub mod revoke_invite;
pub mod roles;
pub mod search;
pub mod set_role;
pub mod timeout;
pub mod transfer;
pub mod unban;
pub mod update;
pub mod update_role;
