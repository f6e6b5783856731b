//! `/api/v1/conversations/{id}/threads/*`: threads of replies under messages
//! of a conversation's main timeline. Replying is `POST .../messages` with
//! `thread_id`; editing, deleting, reacting and pinning a reply are the
//! message routes.

pub mod follow;
pub mod get;
pub mod list;
pub mod read;
pub mod replies;
