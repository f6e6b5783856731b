//! Mentions: `@username` in a body notifies that member of the conversation;
//! `@everyone` notifies every member of a group, if the author's role has
//! `mention_everyone` (otherwise it is plain text). Each mention is kept for the
//! mention counter of the conversation list, and is a notification.

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
    /// Finds `@name` where `@` starts a word (so `me@example.com` is not one).
    pub(crate) fn parse(body: &str) -> Self {
        let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
        let mut found = Self::default();
        let mut previous: Option<char> = None;
        for (at, c) in body.char_indices() {
            let starts_word = previous.is_none_or(|p| !(is_name_char(p) || p == '@'));
            previous = Some(c);
            if c != '@' || !starts_word {
                continue;
            }
            let rest = &body[at + 1..];
            let end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
            // A sentence may end right after a name: "thanks @bob."
            let name = rest[..end].trim_end_matches('.').to_ascii_lowercase();
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
pub(super) async fn record(
    conn: &mut AsyncPgConnection,
    message: &Message,
    mentions: &Mentions,
    everyone: bool,
) -> Result<()> {
    let Some(author) = message.author_id else {
        return Ok(());
    };
    let everyone = everyone && mentions.everyone;
    if mentions.names.is_empty() && !everyone {
        return Ok(());
    }
    let mentioned: Vec<Uuid> = diesel::sql_query(
        "INSERT INTO message_mentions (user_id, conversation_id, message_id)
         SELECT m.user_id, m.conversation_id, $3
           FROM conversation_members m JOIN users u ON u.id = m.user_id
          WHERE m.conversation_id = $1 AND m.user_id <> $2
            AND ($4 OR u.username = ANY($5))
            AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = m.user_id AND b.blocked_id = $2)
         ON CONFLICT DO NOTHING
         RETURNING user_id",
    )
    .bind::<diesel::sql_types::Uuid, _>(message.conversation_id)
    .bind::<diesel::sql_types::Uuid, _>(author)
    .bind::<diesel::sql_types::Uuid, _>(message.id)
    .bind::<Bool, _>(everyone)
    .bind::<Array<Text>, _>(&mentions.names)
    .load::<MentionedRow>(conn)
    .await?
    .into_iter()
    .map(|r| r.user_id)
    .collect();
    if mentioned.is_empty() {
        return Ok(());
    }
    let profiles = user_repo::public_profiles(conn, &[author]).await?;
    let Some(actor) = profiles.get(&author) else {
        return Ok(());
    };
    let excerpt: String = message
        .body
        .as_deref()
        .unwrap_or_default()
        .chars()
        .take(EXCERPT_CHARS)
        .collect();
    let data = serde_json::json!({
        "conversation_id": message.conversation_id,
        "message_id": message.id,
        "excerpt": excerpt,
    });
    notifications::create_for_all(conn, &mentioned, Kind::MessageMention, actor, data).await
}

#[derive(QueryableByName)]
struct MentionedRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    user_id: Uuid,
}

/// A deleted message mentions no one any more (the counters drop it), and its
/// text leaves the notifications that quoted it.
pub(super) async fn forget(conn: &mut AsyncPgConnection, message: Uuid) -> Result<()> {
    diesel::delete(message_mentions::table.filter(message_mentions::message_id.eq(message)))
        .execute(conn)
        .await?;
    diesel::sql_query(
        "UPDATE notifications SET data = jsonb_set(data, '{excerpt}', 'null')
          WHERE kind = $1 AND data->>'message_id' = $2::text",
    )
    .bind::<diesel::sql_types::Text, _>(Kind::MessageMention.as_str())
    .bind::<diesel::sql_types::Uuid, _>(message)
    .execute(conn)
    .await?;
    Ok(())
}

/// Someone who left a conversation (or was removed) keeps no quotes of it in
/// their mention notifications.
pub(crate) async fn forget_quotes_for(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    user: Uuid,
) -> Result<()> {
    diesel::sql_query(
        "UPDATE notifications SET data = jsonb_set(data, '{excerpt}', 'null')
          WHERE user_id = $1 AND kind = $2 AND data->>'conversation_id' = $3::text",
    )
    .bind::<diesel::sql_types::Uuid, _>(user)
    .bind::<diesel::sql_types::Text, _>(Kind::MessageMention.as_str())
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
            let found = Mentions::parse(&format!("{before} @{name}{after}"));
            prop_assert!(found.names.contains(&name));
        }

        #[test]
        fn an_address_is_not_a_mention(local in "[a-z0-9_.]{1,20}", name in "[a-z0-9_]{3,32}") {
            let found = Mentions::parse(&format!("{local}@{name}"));
            prop_assert!(found.is_empty());
        }
    }
}
