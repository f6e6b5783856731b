//! Reactions: any member may put an emoji on a message, one of each emoji per
//! person; a message holds at most [`MAX_DISTINCT`] different emojis.

use super::lock_live;
use crate::access::require_member;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::{self, Payload};
use crate::models::{Reaction, ReactionChange};
use crate::schema::{message_reactions, messages};
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// Most different emojis on one message.
pub const MAX_DISTINCT: i64 = 20;

/// Most reactors listed for one emoji.
const MAX_REACTORS: i64 = 100;

/// One emoji as Unicode defines it (with its skin tone, if any), in the fully
/// qualified form, so "❤" and "❤️" are one reaction; or a group's own emoji,
/// written `:name:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emoji(String);

impl Emoji {
    pub fn parse(input: &str) -> Result<Self> {
        if let Some(name) = input.strip_prefix(':').and_then(|s| s.strip_suffix(':')) {
            return crate::models::EmojiName::parse(name)
                .map(|name| Self(format!(":{}:", name.as_str())))
                .map_err(|_| invalid_emoji());
        }
        emojis::get(input)
            .map(|e| Self(e.as_str().to_owned()))
            .ok_or_else(invalid_emoji)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name of a group's own emoji (`:name:`), if it is one.
    fn custom_name(&self) -> Option<&str> {
        self.0.strip_prefix(':').and_then(|s| s.strip_suffix(':'))
    }
}

/// Whether the group whose conversation this is has an emoji by this name
/// (never, in a DM).
async fn group_has_emoji(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    name: &str,
) -> Result<bool> {
    use crate::schema::{group_emoji, groups};
    Ok(diesel::select(diesel::dsl::exists(
        group_emoji::table
            .inner_join(groups::table)
            .filter(groups::conversation_id.eq(conversation))
            .filter(group_emoji::name.eq(name)),
    ))
    .get_result(conn)
    .await?)
}

fn invalid_emoji() -> Error {
    Error::new(
        ErrorCode::InvalidEmoji,
        "a reaction is one emoji, or one of the group's own as :name:",
    )
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReactedBy {
    /// Earliest first, at most 100.
    pub items: Vec<PublicUser>,
}

/// Adds `me`'s `emoji` to the message; adding it again changes nothing.
pub async fn react(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    message: Uuid,
    emoji: &Emoji,
) -> Result<()> {
    // Locked, so the count of distinct emojis cannot be raced past the limit.
    lock_live(conn, me, conversation, message).await?;
    if let Some(name) = emoji.custom_name()
        && !group_has_emoji(conn, conversation, name).await?
    {
        return Err(Error::new(
            ErrorCode::InvalidEmoji,
            format!("this group has no emoji :{name}:"),
        ));
    }
    let (distinct, present): (i64, bool) = message_reactions::table
        .filter(message_reactions::message_id.eq(message))
        .select((
            diesel::dsl::sql::<BigInt>("count(DISTINCT emoji)"),
            diesel::dsl::sql::<Bool>("coalesce(bool_or(emoji = ")
                .bind::<Text, _>(emoji.as_str())
                .sql("), false)"),
        ))
        .get_result(conn)
        .await?;
    if !present && distinct >= MAX_DISTINCT {
        return Err(Error::new(
            ErrorCode::TooManyReactions,
            format!("a message can hold at most {MAX_DISTINCT} different reactions"),
        ));
    }
    let added = diesel::insert_into(message_reactions::table)
        .values((
            message_reactions::message_id.eq(message),
            message_reactions::emoji.eq(emoji.as_str()),
            message_reactions::user_id.eq(me),
            message_reactions::conversation_id.eq(conversation),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    if added == 1 {
        announce(
            conn,
            Payload::MessageReactionAdded,
            me,
            conversation,
            message,
            emoji,
        )
        .await?;
    }
    Ok(())
}

/// Takes `me`'s `emoji` off the message; taking it off again changes nothing.
pub async fn unreact(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    message: Uuid,
    emoji: &Emoji,
) -> Result<()> {
    lock_live(conn, me, conversation, message).await?;
    let removed = diesel::delete(
        message_reactions::table
            .filter(message_reactions::message_id.eq(message))
            .filter(message_reactions::emoji.eq(emoji.as_str()))
            .filter(message_reactions::user_id.eq(me)),
    )
    .execute(conn)
    .await?;
    if removed == 1 {
        announce(
            conn,
            Payload::MessageReactionRemoved,
            me,
            conversation,
            message,
            emoji,
        )
        .await?;
    }
    Ok(())
}

async fn announce(
    conn: &mut AsyncPgConnection,
    kind: fn(ReactionChange) -> Payload,
    me: Uuid,
    conversation: Uuid,
    message: Uuid,
    emoji: &Emoji,
) -> Result<()> {
    let count = message_reactions::table
        .filter(message_reactions::message_id.eq(message))
        .filter(message_reactions::emoji.eq(emoji.as_str()))
        .count()
        .get_result(conn)
        .await?;
    let change = ReactionChange {
        conversation_id: conversation,
        message_id: message,
        emoji: emoji.as_str().to_owned(),
        user_id: me,
        count,
    };
    events::enqueue(conn, kind(change)).await
}

/// Who put `emoji` on the message, earliest first.
pub async fn reacted_by(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    message: Uuid,
    emoji: &Emoji,
) -> Result<ReactedBy> {
    require_member(conn, conversation, me).await?;
    let users: Vec<Uuid> = message_reactions::table
        .inner_join(messages::table)
        .filter(messages::conversation_id.eq(conversation))
        .filter(message_reactions::message_id.eq(message))
        .filter(message_reactions::emoji.eq(emoji.as_str()))
        .order((message_reactions::created_at, message_reactions::user_id))
        .limit(MAX_REACTORS)
        .select(message_reactions::user_id)
        .load(conn)
        .await?;
    let profiles = user_repo::public_profiles(conn, &users).await?;
    Ok(ReactedBy {
        items: users
            .iter()
            .filter_map(|u| profiles.get(u).cloned())
            .collect(),
    })
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    message_id: Uuid,
    #[diesel(sql_type = Text)]
    emoji: String,
    #[diesel(sql_type = BigInt)]
    count: i64,
    #[diesel(sql_type = Bool)]
    me: bool,
}

/// The reactions on each of `ids` as `reader` sees them, in one query.
pub(super) async fn of_messages(
    conn: &mut AsyncPgConnection,
    reader: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Reaction>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<CountRow> = diesel::sql_query(
        "SELECT message_id, emoji, count(*) AS count, bool_or(user_id = $2) AS me
           FROM message_reactions
          WHERE message_id = ANY($1)
          GROUP BY message_id, emoji
          ORDER BY message_id, min(created_at), emoji",
    )
    .bind::<Array<diesel::sql_types::Uuid>, _>(ids)
    .bind::<diesel::sql_types::Uuid, _>(reader)
    .load(conn)
    .await?;
    let mut by_message: HashMap<Uuid, Vec<Reaction>> = HashMap::new();
    for row in rows {
        by_message
            .entry(row.message_id)
            .or_default()
            .push(Reaction {
                emoji: row.emoji,
                count: row.count,
                me: row.me,
            });
    }
    Ok(by_message)
}

/// A deleted message keeps no reactions.
pub(super) async fn forget(conn: &mut AsyncPgConnection, message: Uuid) -> Result<()> {
    diesel::delete(message_reactions::table.filter(message_reactions::message_id.eq(message)))
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emojis_parse_to_one_form_and_other_text_is_refused() {
        assert_eq!(Emoji::parse("👍").unwrap().as_str(), "👍");
        assert_eq!(Emoji::parse("👍🏽").unwrap().as_str(), "👍🏽");
        assert_eq!(
            Emoji::parse("❤").unwrap(),
            Emoji::parse("❤\u{fe0f}").unwrap()
        );
        assert_eq!(Emoji::parse("🇫🇷").unwrap().as_str(), "🇫🇷");
        for bad in ["", "a", "👍👍", ":+1:", "👍 ", "<script>", "1"] {
            assert!(Emoji::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::Emoji;
    use proptest::prelude::*;

    fn any_emoji() -> impl Strategy<Value = &'static emojis::Emoji> {
        let all: Vec<&'static emojis::Emoji> = emojis::iter()
            .flat_map(|e| std::iter::once(e).chain(e.skin_tones().into_iter().flatten()))
            .collect();
        proptest::sample::select(all)
    }

    proptest! {
        #[test]
        fn every_emoji_is_a_reaction_in_one_form(emoji in any_emoji()) {
            let parsed = Emoji::parse(emoji.as_str()).expect("an emoji");
            prop_assert_eq!(parsed.as_str(), emoji.as_str());
            prop_assert_eq!(Emoji::parse(parsed.as_str()).expect("again"), parsed);
        }

        #[test]
        fn whatever_parses_is_one_known_emoji(input in "\\PC{0,8}") {
            if let Ok(parsed) = Emoji::parse(&input) {
                prop_assert!(emojis::get(parsed.as_str()).is_some());
            }
        }

        #[test]
        fn two_emoji_are_not_one_reaction(a in any_emoji(), b in any_emoji()) {
            let both = format!("{}{}", a.as_str(), b.as_str());
            prop_assert!(Emoji::parse(&both).is_err());
        }
    }
}
