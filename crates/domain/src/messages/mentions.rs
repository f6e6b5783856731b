//! Mentions: `@username` in a body notifies that member of the conversation;
//! `@everyone` notifies every member of a group, if the author's role has
//! `mention_everyone` (otherwise it is plain text). Each mention is kept for the
//! mention counter of the conversation list, and is a notification unless the
//! member's level for the conversation is `nothing`.

use super::Message;
use crate::error::Result;
use crate::notifications::{self, Kind};
use crate::schema::message_mentions;
use crate::users::Username;
use crate::users::repo as user_repo;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// Most names one message can notify (beyond them, `@` is plain text).
const MAX_NAMES: usize = 50;

/// Characters of the body shown in the notification.
const EXCERPT_CHARS: usize = 140;

/// Whom a body mentions, as written: nothing is checked against the database yet.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Mentions {
    names: Vec<String>,
    everyone: bool,
}

impl Mentions {
    /// The names the formatting rules find (docs/formatting.md): `@name`
    /// where `@` starts a word, outside code, so the names notified are exactly
    /// those the web app shows as mentions.
    #[cfg(test)]
    pub(crate) fn parse(body: &str) -> Self {
        Self::of(&super::format::parse(body))
    }

    /// The mentions of a parsed body.
    pub(crate) fn of(blocks: &[super::format::Block]) -> Self {
        let mut found = Self::default();
        for name in super::format::mentioned_usernames_of(blocks) {
            let name = name.to_ascii_lowercase();
            if name == "everyone" {
                found.everyone = true;
            } else if Username::parse(&name).is_ok()
                && !found.names.contains(&name)
                && found.names.len() < MAX_NAMES
            {
                found.names.push(name);
            }
        }
        found
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty() && !self.everyone
    }
}

/// Records the mentions of a message just written and notifies the mentioned:
/// members other than the author who have not blocked the author. Call in the
/// send's transaction; `everyone` says whether `@everyone` counts here.
/// Returns everyone the message mentions (notified or not).
pub(super) async fn record(
    conn: &mut AsyncPgConnection,
    message: &Message,
    mentions: &Mentions,
    everyone: bool,
) -> Result<Vec<Uuid>> {
    let Some(author) = message.author_id else {
        return Ok(Vec::new());
    };
    let everyone = everyone && mentions.everyone;
    if mentions.names.is_empty() && !everyone {
        return Ok(Vec::new());
    }
    // Every mention counts (the conversation list's mention counter); only
    // members whose level is not `nothing` are notified.
    let rows: Vec<MentionedRow> = diesel::sql_query(
        "WITH counted AS (
            INSERT INTO message_mentions (user_id, conversation_id, message_id)
            SELECT m.user_id, m.conversation_id, $3
              FROM conversation_members m JOIN users u ON u.id = m.user_id
             WHERE m.conversation_id = $1 AND m.user_id <> $2
               AND ($4 OR u.username = ANY($5))
               AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = m.user_id AND b.blocked_id = $2)
            ON CONFLICT DO NOTHING
            RETURNING user_id)
         SELECT counted.user_id, m.notify_level <> 'nothing' AS notify FROM counted
           JOIN conversation_members m ON m.conversation_id = $1 AND m.user_id = counted.user_id",

    )
    .bind::<diesel::sql_types::Uuid, _>(message.conversation_id)
    .bind::<diesel::sql_types::Uuid, _>(author)
    .bind::<diesel::sql_types::Uuid, _>(message.id)
    .bind::<Bool, _>(everyone)
    .bind::<Array<Text>, _>(&mentions.names)
    .load(conn)
    .await?;
    let all: Vec<Uuid> = rows.iter().map(|r| r.user_id).collect();
    let notified: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.notify)
        .map(|r| r.user_id)
        .collect();
    if notified.is_empty() {
        return Ok(all);
    }
    let profiles = user_repo::public_profiles(conn, &[author]).await?;
    let Some(actor) = profiles.get(&author) else {
        return Ok(all);
    };
    let excerpt = excerpt(message.body.as_deref().unwrap_or_default());
    let data = serde_json::json!({
        "conversation_id": message.conversation_id,
        "message_id": message.id,
        "thread_id": message.thread_id,
        "excerpt": excerpt,
    });
    notifications::create_for_all(conn, &notified, Kind::MessageMention, actor, data).await?;
    Ok(all)
}

/// What a notification about a message quotes of it: text, not markup.
pub(super) fn excerpt(body: &str) -> String {
    super::format::plain(body)
        .chars()
        .take(EXCERPT_CHARS)
        .collect()
}

/// The notifications that quote a message's text.
const QUOTING: [Kind; 2] = [Kind::MessageMention, Kind::ThreadReply];

fn quoting_kinds() -> Vec<&'static str> {
    QUOTING.iter().map(|k| k.as_str()).collect()
}

#[derive(QueryableByName)]
struct MentionedRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    user_id: Uuid,
    #[diesel(sql_type = Bool)]
    notify: bool,
}

/// A deleted message mentions no one any more (the counters drop it), and its
/// text leaves the notifications that quoted it (mentions, thread replies).
pub(super) async fn forget(conn: &mut AsyncPgConnection, message: Uuid) -> Result<()> {
    diesel::delete(message_mentions::table.filter(message_mentions::message_id.eq(message)))
        .execute(conn)
        .await?;
    diesel::sql_query(
        "UPDATE notifications SET data = jsonb_set(data, '{excerpt}', 'null')
          WHERE kind = ANY($1) AND data->>'message_id' = $2::text",
    )
    .bind::<Array<Text>, _>(quoting_kinds())
    .bind::<diesel::sql_types::Uuid, _>(message)
    .execute(conn)
    .await?;
    Ok(())
}

/// Someone who left a conversation (or was removed) keeps no quotes of it in
/// their notifications.
pub(crate) async fn forget_quotes_for(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    user: Uuid,
) -> Result<()> {
    diesel::sql_query(
        "UPDATE notifications SET data = jsonb_set(data, '{excerpt}', 'null')
          WHERE user_id = $1 AND kind = ANY($2) AND data->>'conversation_id' = $3::text",
    )
    .bind::<diesel::sql_types::Uuid, _>(user)
    .bind::<Array<Text>, _>(quoting_kinds())
    .bind::<diesel::sql_types::Uuid, _>(conversation)
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(body: &str) -> Vec<String> {
        Mentions::parse(body).names
    }

    #[test]
    fn names_after_an_at_sign_that_starts_a_word() {
        assert_eq!(names("hi @Bob and @carol_1!"), ["bob", "carol_1"]);
        assert_eq!(names("@bob, thanks @bob."), ["bob"]);
        assert_eq!(names("(@dave.smith)"), ["dave.smith"]);
        assert!(names("mail me@example.com or @@bob or @x").is_empty());
        assert!(names("no mentions here").is_empty());
    }

    #[test]
    fn a_name_in_code_is_no_mention() {
        assert!(names("try `@bob` or\n```\n@carol\n```").is_empty());
        assert_eq!(names("**@bob** and ||@carol||"), ["bob", "carol"]);
    }

    #[test]
    fn everyone_is_not_a_name() {
        let m = Mentions::parse("@everyone look");
        assert!(m.everyone && m.names.is_empty() && !m.is_empty());
        assert!(!Mentions::parse("everyone@x").everyone);
    }

    #[test]
    fn at_most_fifty_names_count() {
        let body: String = (0..80).map(|i| format!("@user{i} ")).collect();
        assert_eq!(names(&body).len(), MAX_NAMES);
    }
}

#[cfg(test)]
mod properties {
    use super::{MAX_NAMES, Mentions};
    use crate::users::Username;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn mentions_are_valid_distinct_and_bounded(body in "(\\PC|@){0,300}") {
            let found = Mentions::parse(&body);
            prop_assert!(found.names.len() <= MAX_NAMES);
            for (i, name) in found.names.iter().enumerate() {
                prop_assert!(Username::parse(name).is_ok(), "{} is not a username", name);
                prop_assert!(!found.names[..i].contains(name));
            }
        }

        #[test]
        fn a_name_after_a_space_is_mentioned(
            before in "\\PC{0,20}",
            name in "[a-z0-9_]{3,32}",
            // A name may hold dots, so a dot ends it only at the end or before a space.
            after in "(( |, |! |\\. |\\n)\\PC{0,20}|\\.|)",
        ) {
            prop_assume!(!Username::RESERVED.contains(&name.as_str()));
            // Markup before it could open a span that the name's own `_` closes,
            // or code that hides it (docs/formatting.md): plain text here.
            prop_assume!(!before.contains(['`', '_', '*', '~', '|', '[', '\\']));
            prop_assume!(!after.contains('`'));
            let found = Mentions::parse(&format!("{before} @{name}{after}"));
            prop_assert!(found.names.contains(&name));
        }

        #[test]
        // No `_` before the `@`: with one after the name, it is italics around a mention.
        fn an_address_is_not_a_mention(local in "[a-z0-9.]{1,20}", name in "[a-z0-9_]{3,32}") {
            let found = Mentions::parse(&format!("{local}@{name}"));
            prop_assert!(found.is_empty());
        }
    }
}
