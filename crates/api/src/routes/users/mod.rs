//! `/api/v1/users/*`: the caller's own account.

pub mod delete_me;
pub mod get_me;
pub mod get_user;
pub mod link_identity;
pub mod password;
pub mod patch_me;
pub mod search;
