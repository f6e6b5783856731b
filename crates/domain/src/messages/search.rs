//! Full-text search over the messages of the conversations the searcher is in
//! now: one GIN index over (conversation, words) answers "these words in these
//! conversations" (see the migration). Newest first, paged by id. A deleted
//! message has no words; a conversation left or lost to a ban is not searched.

use super::{Message, MessageRecord, for_reader};
use crate::access::require_member;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::pagination::parse_limit;
use crate::schema::{conversation_members, messages};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// What to look for, in web-search syntax: words, "a phrase", -not, or.
#[derive(Debug, Clone)]
pub struct SearchText(String);

impl SearchText {
    pub const MAX: usize = 200;

    pub fn parse(input: &str) -> Result<Self> {
        let text = input.trim();
        if text.is_empty() || input.chars().count() > Self::MAX {
            return Err(Error::new(
                ErrorCode::InvalidQuery,
                format!("q must be 1 to {} characters", Self::MAX),
            ));
        }
        Ok(Self(text.to_owned()))
    }
}

#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub text: SearchText,
    /// Only in this conversation.
    pub conversation: Option<Uuid>,
    /// Only by this author.
    pub author: Option<Uuid>,
    /// Only sent at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only sent before this time.
    pub to: Option<DateTime<Utc>>,
    /// Older than this message (the previous page's `next_before`).
    pub before: Option<Uuid>,
    pub limit: Option<i64>,
}

/// A piece of a message's text; the matched words are pieces of their own.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Highlight {
    pub text: String,
    #[serde(rename = "match")]
    pub matched: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchHit {
    pub message: Message,
    /// The part of the text around the matches, cut into pieces to render as
    /// text (never as HTML).
    pub highlight: Vec<Highlight>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchPage {
    /// Newest first.
    pub items: Vec<SearchHit>,
    /// Pass as `before` for older results; null on the last page.
    pub next_before: Option<Uuid>,
}

/// Marks ts_headline puts around a match: control characters, so they cannot
/// be confused with what people type.
const START: char = '\u{2}';
const STOP: char = '\u{3}';

#[derive(QueryableByName)]
struct HitRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
}

#[derive(QueryableByName)]
struct HeadlineRow {
    #[diesel(sql_type = Text)]
    headline: String,
}

/// The matches marked in each hit's plain text (docs/formatting.md), in the
/// order given: people see the words, not the markup around them.
const HEADLINES: &str = r#"
SELECT ts_headline('simple', p.body, websearch_to_tsquery('simple', $2),
                   'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=40, MinWords=12') AS headline
  FROM unnest($1::text[]) WITH ORDINALITY AS p(body, n)
 ORDER BY p.n
"#;

/// The ids are the searcher's conversations, fetched first, so the planner
/// sees an array it can put into the index condition. The tsquery is written
/// out (not a CTE) so the planner can estimate how common the words are and
/// choose between the search index (rare words) and walking the newest
/// messages backwards (common ones).
const SEARCH: &str = r#"
SELECT hit.id
  FROM (SELECT m.id
          FROM messages m
         WHERE m.conversation_id = ANY($1)
           AND m.search @@ websearch_to_tsquery('simple', $2)
           AND m.deleted_at IS NULL
           AND ($3::uuid IS NULL OR m.author_id = $3)
           AND ($4::timestamptz IS NULL OR m.created_at >= $4)
           AND ($5::timestamptz IS NULL OR m.created_at < $5)
           AND ($6::uuid IS NULL OR m.id < $6)
         ORDER BY m.id DESC
         LIMIT $7) hit
 ORDER BY hit.id DESC
"#;

pub async fn search(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    query: SearchQuery,
) -> Result<SearchPage> {
    let limit = parse_limit(query.limit)?;
    let conversations: Vec<Uuid> = match query.conversation {
        Some(only) => {
            require_member(conn, only, me).await?;
            vec![only]
        }
        None => {
            conversation_members::table
                .filter(conversation_members::user_id.eq(me))
                .select(conversation_members::conversation_id)
                .load(conn)
                .await?
        }
    };
    let rows: Vec<HitRow> = diesel::sql_query(SEARCH)
        .bind::<Array<diesel::sql_types::Uuid>, _>(&conversations)
        .bind::<Text, _>(&query.text.0)
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(query.author)
        .bind::<Nullable<Timestamptz>, _>(query.from)
        .bind::<Nullable<Timestamptz>, _>(query.to)
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(query.before)
        .bind::<BigInt, _>(limit + 1)
        .load(conn)
        .await?;
    let more = rows.len() as i64 > limit;
    let rows = &rows[..rows.len().min(limit as usize)];
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut records: HashMap<Uuid, MessageRecord> = messages::table
        .filter(messages::id.eq_any(&ids))
        .select(MessageRecord::as_select())
        .load::<MessageRecord>(conn)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let ordered: Vec<MessageRecord> = ids.iter().filter_map(|id| records.remove(id)).collect();
    let messages = for_reader(conn, me, ordered).await?;
    let plain: Vec<String> = messages
        .iter()
        .map(|m| super::format::plain(m.body.as_deref().unwrap_or_default()))
        .collect();
    let headlines: Vec<HeadlineRow> = diesel::sql_query(HEADLINES)
        .bind::<Array<Text>, _>(&plain)
        .bind::<Text, _>(&query.text.0)
        .load(conn)
        .await?;
    Ok(SearchPage {
        next_before: more.then(|| ids.last().copied()).flatten(),
        items: messages
            .into_iter()
            .zip(headlines)
            .map(|(message, headline)| SearchHit {
                highlight: pieces(&headline.headline),
                message,
            })
            .collect(),
    })
}

/// Cuts a headline at the marks around its matches.
fn pieces(headline: &str) -> Vec<Highlight> {
    let mut out = Vec::new();
    let mut matched = false;
    for part in headline.split([START, STOP]) {
        if !part.is_empty() {
            out.push(Highlight {
                text: part.to_owned(),
                matched,
            });
        }
        matched = !matched;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_become_plain_and_matched_pieces() {
        let got = pieces("the \u{2}quick\u{3} brown \u{2}fox\u{3}");
        let want = [
            ("the ", false),
            ("quick", true),
            (" brown ", false),
            ("fox", true),
        ];
        assert_eq!(got.len(), want.len());
        for (piece, (text, matched)) in got.iter().zip(want) {
            assert_eq!((piece.text.as_str(), piece.matched), (text, matched));
        }
        assert_eq!(
            pieces("\u{2}all\u{3}"),
            [Highlight {
                text: "all".into(),
                matched: true
            }]
        );
    }

    #[test]
    fn search_text_is_bounded() {
        assert!(SearchText::parse("  hello ").is_ok());
        assert!(SearchText::parse("   ").is_err());
        assert!(SearchText::parse(&"a".repeat(201)).is_err());
    }
}
