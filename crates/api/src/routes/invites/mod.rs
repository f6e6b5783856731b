//! `/api/v1/invites/*`: group invitations addressed to you.

pub mod accept;
pub mod decline;
pub mod list;
