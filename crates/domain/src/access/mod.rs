//! Who may do what: the one place of the access rules, used by REST, the
//! batched sender and the gateway alike. It imports no entity module (messages,
//! conversations, groups, friends), so every one of them can ask it.
//!
//! - [`membership`]: a conversation you are not in does not exist for you;
//! - [`friendship`]: a DM needs two friends;
//! - [`permissions`]: what a group role lets you do, and to whom ([`authorize`]);
//! - [`standing`]: loading where members stand, by conversation;
//! - [`media`]: who is shown a medium;
//! - [`write`]: may this person write into this conversation (the rule the
//!   database's `confab_write_check` shares).

mod friendship;
mod media;
mod membership;
pub mod permissions;
mod slowmode;
mod standing;
mod write;

pub use friendship::{are_friends, friends_of};
pub use media::{may_view_media, media_viewers};
pub use membership::{member_ids, members_of_conversations, members_of_groups, require_member};
pub use permissions::{Action, Denied, Permissions, Standing, authorize};
pub use slowmode::{SlowmodeSlot, claim_slowmode};
pub use standing::{group_standings, standing_in_conversation};
pub use write::{REFUSALS as WRITE_REFUSALS, WriteVerdict, may_write, write_verdict};
