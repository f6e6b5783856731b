//! The API's models: what REST answers and events carry. Plain data, apart from
//! the database rows (which stay private to their entity modules), so renaming a
//! column renames no public field; imported by the entity modules that build
//! them and by the event catalogue, and importing none of them.

mod draft;
mod emoji;
mod friend;
pub(crate) mod group;
mod media;
mod message;
mod notification;
mod presence;
mod user;

pub use draft::Draft;
pub use emoji::{CustomEmoji, EmojiDeleted, EmojiName};
pub use friend::FriendRequest;
pub use group::{Group, Invite, Member, Role};
pub use media::Media;
pub use message::{
    ForwardedFrom, LinkPreview, Message, Reaction, ReactionChange, ReadState, ThreadMembership,
    ThreadSummary,
};
pub use notification::{ConversationNotifications, Notification, NotificationKind, NotifyLevel};
pub use presence::{Presence, Status};
pub use user::PublicUser;
