//! `/api/v1/dms`, `/api/v1/conversations/*`: conversations and their messages.

pub mod clear_draft;
pub mod delete_message;
pub mod edit_message;
pub mod edits;
pub mod forward;
pub mod get;
pub mod history;
pub mod list;
pub mod open_dm;
pub mod pin;
pub mod pins;
pub mod react;
pub mod reacted_by;
pub mod read;
pub mod read_markers;
pub mod remove_previews;
pub mod save_draft;
pub mod send_message;
pub mod set_notifications;
pub mod unpin;
pub mod unreact;
