//! Messages and what happens to them.

use super::Media;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A message as the API returns it, and as `message.*` events carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Message {
    pub id: Uuid,
    pub conversation_id: Uuid,
    /// Null for system messages.
    pub author_id: Option<Uuid>,
    /// Null once deleted (the message stays as a tombstone).
    pub body: Option<String>,
    pub reply_to_id: Option<Uuid>,
    /// Set on a reply in a thread: the thread's root, a message of the main
    /// timeline. Replies are not in the main history.
    pub thread_id: Option<Uuid>,
    pub nonce: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Set when edited: clients show "edited".
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// Set on system messages (group actions): what happened; `type` says which.
    #[schema(value_type = Option<Object>)]
    pub system: Option<serde_json::Value>,
    /// Set while the message is pinned.
    pub pinned_at: Option<DateTime<Utc>>,
    pub pinned_by: Option<Uuid>,
    /// A copy forwarded from another message.
    pub forwarded: bool,
    /// The original of a forwarded copy, when this reader can see it (a member
    /// of its conversation, and it is not deleted). Null in events, which all
    /// readers share: a reader learns the link when it loads the message.
    pub forwarded_from: Option<ForwardedFrom>,
    /// Previews of the first links, in their order, added a moment after the
    /// message (a `message.updated` event) once the pages are read.
    pub previews: Vec<LinkPreview>,
    /// Media attached, in order (none once the message is deleted).
    pub attachments: Vec<Media>,
    /// Reactions as the reader sees them, in order of first use. Present in
    /// history, pins and search; absent from events and from send and edit
    /// answers, whose readers keep the reactions they have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reactions: Option<Vec<Reaction>>,
    /// On a root with replies, read from history, pins or search: the
    /// thread's summary. Events leave it out; `thread.updated` carries changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread: Option<ThreadSummary>,
}

/// What a linked page says of itself (its OpenGraph or Twitter card, its
/// oEmbed, or its `<title>` and description), as text, and its picture. The
/// picture is a copy the server fetched and keeps like an upload (stripped,
/// thumbnailed, served from here): readers never load it from the page's server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LinkPreview {
    /// The link as written in the message.
    pub url: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
    /// Who made what the page shows, where its oEmbed says.
    pub author_name: Option<String>,
    pub image: Option<crate::models::Media>,
}

/// Where a forwarded copy came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ForwardedFrom {
    pub conversation_id: Uuid,
    pub message_id: Uuid,
}

/// An emoji on a message as one reader sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Reaction {
    pub emoji: String,
    /// How many people reacted with it.
    pub count: i64,
    /// Whether the reader is one of them.
    pub me: bool,
}

/// `message.reaction_added` / `message.reaction_removed`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReactionChange {
    pub conversation_id: Uuid,
    pub message_id: Uuid,
    pub emoji: String,
    pub user_id: Uuid,
    /// How many people have this emoji on the message after the change.
    pub count: i64,
}

/// Data of `conversation.read`: a member has read up to a message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReadState {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
    pub last_read_message_id: Uuid,
}

/// What the main timeline shows of a thread under its root, and the data of
/// `thread.updated` (to the conversation's members, after each reply and each
/// deleted reply).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ThreadSummary {
    pub conversation_id: Uuid,
    pub root_id: Uuid,
    /// Replies not deleted.
    pub reply_count: i32,
    /// The newest reply not deleted; null when there is none.
    pub last_reply_id: Option<Uuid>,
    pub last_reply_at: Option<DateTime<Utc>>,
    /// The latest distinct repliers, newest first, at most three.
    pub last_repliers: Vec<Uuid>,
}

/// One person's part in a thread, and the data of `thread.member_updated` (to
/// that person alone): whether they follow it (followers get unread state and
/// notifications) and how far they have read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ThreadMembership {
    pub conversation_id: Uuid,
    pub root_id: Uuid,
    pub user_id: Uuid,
    pub following: bool,
    /// The newest reply they have read; null if none yet.
    pub last_read_id: Option<Uuid>,
}
