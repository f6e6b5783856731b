//! Whether an event still owes its user a push when a worker gets to it, and
//! what the push says. DMs and group messages push at level `all` (a message
//! that mentions the user pushes as the mention instead, once); mentions,
//! replies in threads the user follows (their `thread.reply` notification,
//! not the message), friend requests and group invitations push too. A muted conversation never
//! pushes. A push names who and where; the message's words only if the user
//! allows previews.

use crate::conversations::notify::{self, ConversationNotifications, NotifyLevel};
use crate::error::Result;
use crate::messages::format::plain;
use crate::schema::{conversation_members, groups, message_mentions, users};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::{Value, json};
use uuid::Uuid;

/// Characters of a message shown in a push, at most.
const PREVIEW_CHARS: usize = 140;

/// What the service worker is given (encrypted): it shows `title` and
/// `body`, groups pushes by `tag`, and opens `url` when clicked.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Push {
    pub content: Value,
    /// The push service's collapse key: a newer push of the same topic
    /// replaces one not yet delivered.
    pub topic: String,
}

fn id(value: &Value) -> Option<Uuid> {
    value.as_str().and_then(|s| s.parse().ok())
}

/// The name a push shows: the display name, else the username.
fn shown_name(display_name: Option<&str>, username: Option<&str>) -> String {
    display_name
        .filter(|n| !n.trim().is_empty())
        .or(username)
        .unwrap_or("Someone")
        .to_owned()
}

fn short(text: &str) -> String {
    let text = plain(text);
    let mut cut: String = text.chars().take(PREVIEW_CHARS).collect();
    if text.chars().count() > PREVIEW_CHARS {
        cut.push('…');
    }
    cut
}

/// The member's settings for the conversation as of now (a timed mute that
/// has ended is off, by the same reading the API shows); None when they are
/// no longer a member.
async fn settings(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    conversation: Uuid,
) -> Result<Option<ConversationNotifications>> {
    let row: Option<(String, bool, Option<DateTime<Utc>>)> = conversation_members::table
        .filter(conversation_members::conversation_id.eq(conversation))
        .filter(conversation_members::user_id.eq(user))
        .select((
            conversation_members::notify_level,
            conversation_members::muted,
            conversation_members::muted_until,
        ))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|(level, muted, until)| {
        notify::view(user, conversation, &level, muted, until, Utc::now())
    }))
}

async fn previews_allowed(conn: &mut AsyncPgConnection, user: Uuid) -> Result<bool> {
    Ok(users::table
        .find(user)
        .select(users::push_previews)
        .first(conn)
        .await
        .optional()?
        .unwrap_or(false))
}

async fn group_name(conn: &mut AsyncPgConnection, conversation: Uuid) -> Result<Option<String>> {
    Ok(groups::table
        .filter(groups::conversation_id.eq(conversation))
        .select(groups::name)
        .first(conn)
        .await
        .optional()?)
}

fn chat_push(
    conversation: Uuid,
    message: Option<Uuid>,
    title: String,
    body: String,
    kind: &str,
) -> Push {
    Push {
        content: json!({
            "type": kind,
            "title": title,
            "body": body,
            "conversation_id": conversation,
            "message_id": message,
            "tag": format!("conversation:{conversation}"),
            "url": crate::urls::web_chat(conversation, message),
        }),
        topic: conversation.simple().to_string(),
    }
}

/// The push `event` owes `user` now, if any.
pub(super) async fn decide(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    event_type: &str,
    data: &Value,
) -> Result<Option<Push>> {
    match event_type {
        "message.created" => message(conn, user, data).await,
        "notification.created" => notification(conn, user, data).await,
        _ => Ok(None),
    }
}

async fn message(conn: &mut AsyncPgConnection, user: Uuid, data: &Value) -> Result<Option<Push>> {
    let (Some(conversation), Some(message), Some(author)) = (
        id(&data["conversation_id"]),
        id(&data["id"]),
        id(&data["author_id"]),
    ) else {
        return Ok(None);
    };
    if author == user || !data["thread_id"].is_null() {
        return Ok(None);
    }
    let Some(settings) = settings(conn, user, conversation).await? else {
        return Ok(None);
    };
    if settings.muted || settings.level != NotifyLevel::All {
        return Ok(None);
    }
    let mentioned: i64 = message_mentions::table
        .filter(message_mentions::user_id.eq(user))
        .filter(message_mentions::message_id.eq(message))
        .count()
        .get_result(conn)
        .await?;
    if mentioned > 0 {
        return Ok(None);
    }
    let profiles = crate::users::repo::public_profiles(conn, &[author]).await?;
    let author_name = profiles
        .get(&author)
        .map(|p| shown_name(p.display_name.as_deref(), Some(&p.username)))
        .unwrap_or_else(|| "Someone".to_owned());
    let title = match group_name(conn, conversation).await? {
        Some(group) => format!("{author_name} in {group}"),
        None => author_name,
    };
    let body = if previews_allowed(conn, user).await? {
        match data["body"].as_str().filter(|b| !b.trim().is_empty()) {
            Some(text) => short(text),
            None => "Sent an attachment".to_owned(),
        }
    } else {
        "New message".to_owned()
    };
    Ok(Some(chat_push(
        conversation,
        Some(message),
        title,
        body,
        "message",
    )))
}

async fn notification(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    data: &Value,
) -> Result<Option<Push>> {
    let actor = shown_name(
        data["actor"]["display_name"].as_str(),
        data["actor"]["username"].as_str(),
    );
    let details = &data["data"];
    match data["kind"].as_str().unwrap_or_default() {
        kind @ ("message.mention" | "thread.reply") => {
            let (Some(conversation), message) =
                (id(&details["conversation_id"]), id(&details["message_id"]))
            else {
                return Ok(None);
            };
            match settings(conn, user, conversation).await? {
                Some(s) if !s.muted && s.level != NotifyLevel::Nothing => {}
                _ => return Ok(None),
            }
            let (push_kind, without_preview) = match kind {
                "thread.reply" => ("thread_reply", "Replied in a thread"),
                _ => ("mention", "Mentioned you"),
            };
            let body = match details["excerpt"].as_str() {
                Some(excerpt) if previews_allowed(conn, user).await? => short(excerpt),
                _ => without_preview.to_owned(),
            };
            let title = match group_name(conn, conversation).await? {
                Some(group) => format!("{actor} in {group}"),
                None => actor,
            };
            let mut push = chat_push(conversation, message, title, body, push_kind);
            if let (Some(root), Some(reply)) = (id(&details["thread_id"]), message) {
                push.content["url"] = crate::urls::web_thread(conversation, root, reply).into();
            }
            Ok(Some(push))
        }
        "friend_request.received" => Ok(Some(Push {
            content: json!({
                "type": "friend_request",
                "title": "Friend request",
                "body": format!("{actor} wants to be friends"),
                "tag": "friends",
                "url": crate::urls::web_page("friends"),
            }),
            topic: "friends".to_owned(),
        })),
        "group_invite.received" => Ok(Some(Push {
            content: json!({
                "type": "group_invite",
                "title": "Group invitation",
                "body": format!(
                    "{actor} invited you to {}",
                    details["group_name"].as_str().unwrap_or("a group")
                ),
                "tag": "groups",
                "url": crate::urls::web_page("groups"),
            }),
            topic: "groups".to_owned(),
        })),
        _ => Ok(None),
    }
}
