//! `/api/v1/friends/*`: friend requests and the friends list.

pub mod accept;
pub mod cancel;
pub mod decline;
pub mod list;
pub mod list_requests;
pub mod remove;
pub mod send_request;
