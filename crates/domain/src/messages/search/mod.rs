//! Full-text search over the messages of the conversations the searcher is in
//! now: one GIN index over (conversation, words) answers "these words in these
//! conversations" (migrations 000006 and 000029: accents fold, CJK text is
//! indexed by pairs of characters). Newest first, paged by id. A deleted
//! message has no words; a conversation left or lost to a ban is not searched.
//! `query.rs` reads the search box's words, phrases and operators.

use super::{Message, MessageRecord, for_reader};
use crate::access::require_member;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::pagination::parse_limit;
use crate::schema::{conversation_members, messages, users};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

mod query;

pub use query::{Author, Has, ParsedQuery, Place};

/// What to look for, in the search box's language (`query.rs`).
#[derive(Debug, Clone)]
pub struct SearchText(ParsedQuery);

impl SearchText {
    pub const MAX: usize = 200;

    pub fn parse(input: &str) -> Result<Self> {
        if input.trim().is_empty() || input.chars().count() > Self::MAX {
            return Err(Error::new(
                ErrorCode::InvalidQuery,
                format!("q must be 1 to {} characters", Self::MAX),
            ));
        }
        ParsedQuery::parse(input).map(Self)
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
    /// The searcher's time zone, for the days of `before:`, `after:`, `on:`.
    pub time_zone: Tz,
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
struct HeadlineRow {
    #[diesel(sql_type = Text)]
    headline: String,
}

/// The matches marked in each hit's plain text (docs/formatting.md), in the
/// order given: people see the words, not the markup around them. With no
/// words to mark (filters only), the start of the text.
const HEADLINES: &str = r#"
SELECT CASE WHEN $2::text IS NULL THEN left(p.body, 200)
            ELSE ts_headline('confab', p.body, to_tsquery('confab', $2),
                             'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=40, MinWords=12')
       END AS headline
  FROM unnest($1::text[]) WITH ORDINALITY AS p(body, n)
 ORDER BY p.n
"#;

/// The ids are the searcher's conversations, fetched first, so the planner
/// sees an array it can put into the index condition. The tsquery is written
/// out (not a CTE) so the planner can estimate how common the words are and
/// choose between the search index (rare words) and walking the newest
/// messages backwards (common ones). Each filter is off when its parameter is
/// null (or false); the statement is planned for its values, so an unused
/// filter costs nothing. CJK runs are rechecked in the body (`$8`, `$9`):
/// the index's character pairs only sieve.
const SEARCH: &str = r#"
SELECT hit.id
  FROM (SELECT m.id
          FROM messages m
         WHERE m.conversation_id = ANY($1)
           AND ($2::text IS NULL OR m.search @@ to_tsquery('confab', $2))
           AND m.deleted_at IS NULL
           AND ($3::uuid[] IS NULL OR m.author_id = ANY($3))
           AND ($4::timestamptz IS NULL OR m.created_at >= $4)
           AND ($5::timestamptz IS NULL OR m.created_at < $5)
           AND ($6::uuid IS NULL OR m.id < $6)
           AND ($8::text[] IS NULL OR m.body LIKE ALL($8))
           AND ($9::text[] IS NULL OR NOT m.body LIKE ANY($9))
           AND (NOT $10 OR m.pinned_at IS NOT NULL)
           AND (NOT $11 OR m.thread_id IS NOT NULL)
           AND (NOT $12 OR m.body ~* '(https?://|www\.)')
           AND (NOT $13 OR EXISTS (SELECT 1 FROM message_attachments a WHERE a.message_id = m.id))
           AND ($14::text[] IS NULL OR (
                SELECT count(DISTINCT x.kind) FROM message_attachments a JOIN media x ON x.id = a.media_id
                 WHERE a.message_id = m.id AND x.kind = ANY($14)) = cardinality($14))
         ORDER BY m.id DESC
         LIMIT $7) hit
 ORDER BY hit.id DESC
"#;

/// The searcher's conversations the query may look in: the one asked for, or
/// all of theirs, narrowed by `in:`.
async fn conversations(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    only: Option<Uuid>,
    places: &[Place],
) -> Result<Vec<Uuid>> {
    let mine: Vec<Uuid> = match only {
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
    if places.is_empty() {
        return Ok(mine);
    }
    let (mut groups, mut dms) = (Vec::new(), Vec::new());
    for place in places {
        match place {
            Place::Group(name) => groups.push(name.clone()),
            Place::Dm(name) => dms.push(name.clone()),
            Place::Either(name) => {
                groups.push(name.clone());
                dms.push(name.clone());
            }
        }
    }
    let named: Vec<IdRow> = diesel::sql_query(
        "SELECT c.id FROM conversations c
           LEFT JOIN groups g ON g.conversation_id = c.id
          WHERE c.id = ANY($1) AND (
                (c.kind = 'group' AND (lower(g.name) = ANY($2) OR lower(g.handle) = ANY($2)))
             OR (c.kind = 'dm' AND EXISTS (
                    SELECT 1 FROM conversation_members peer JOIN users u ON u.id = peer.user_id
                     WHERE peer.conversation_id = c.id AND peer.user_id <> $3
                       AND u.username = ANY($4))))",
    )
    .bind::<Array<diesel::sql_types::Uuid>, _>(&mine)
    .bind::<Array<Text>, _>(&groups)
    .bind::<diesel::sql_types::Uuid, _>(me)
    .bind::<Array<Text>, _>(&dms)
    .load(conn)
    .await?;
    Ok(named.into_iter().map(|r| r.id).collect())
}

/// The authors `from:` names (and the `author_id` parameter, which must
/// agree); `Some(empty)` when none of them exists, so nothing matches.
async fn authors(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    from: &[Author],
    author: Option<Uuid>,
) -> Result<Option<Vec<Uuid>>> {
    if from.is_empty() {
        return Ok(author.map(|a| vec![a]));
    }
    let names: Vec<&str> = from
        .iter()
        .filter_map(|a| match a {
            Author::Named(name) => Some(name.as_str()),
            Author::Me => None,
        })
        .collect();
    let mut ids: Vec<Uuid> = users::table
        .filter(users::username.eq_any(&names))
        .select(users::id)
        .load(conn)
        .await?;
    if from.contains(&Author::Me) {
        ids.push(me);
    }
    if let Some(author) = author {
        ids.retain(|id| *id == author);
    }
    Ok(Some(ids))
}

/// The start of a day in the searcher's time zone.
fn day_start(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    zone.from_local_datetime(&midnight)
        .earliest()
        // A day that starts in a gap (a clock change at midnight): an hour on.
        .or_else(|| {
            zone.from_local_datetime(&(midnight + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
}

/// The time window of the query: the parameters' and the days' together.
fn window(query: &SearchQuery) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let parsed = &query.text.0;
    let zone = query.time_zone;
    let next = |d: NaiveDate| d.succ_opt().unwrap_or(d);
    let starts = [
        query.from,
        parsed.after.map(|d| day_start(next(d), zone)),
        parsed.on.map(|d| day_start(d, zone)),
    ];
    let ends = [
        query.to,
        parsed.before.map(|d| day_start(d, zone)),
        parsed.on.map(|d| day_start(next(d), zone)),
    ];
    (
        starts.into_iter().flatten().max(),
        ends.into_iter().flatten().min(),
    )
}

/// `%run%` for LIKE, with LIKE's own characters escaped.
fn containing(run: &str) -> String {
    let escaped = run
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn non_empty(list: Vec<String>) -> Option<Vec<String>> {
    (!list.is_empty()).then_some(list)
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
}

pub async fn search(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    query: SearchQuery,
) -> Result<SearchPage> {
    let limit = parse_limit(query.limit)?;
    let parsed = &query.text.0;
    let conversations = conversations(conn, me, query.conversation, &parsed.places).await?;
    let authors = authors(conn, me, &parsed.from, query.author).await?;
    let (from, to) = window(&query);
    if conversations.is_empty() || authors.as_ref().is_some_and(Vec::is_empty) {
        return Ok(SearchPage {
            items: Vec::new(),
            next_before: None,
        });
    }
    let kinds: Vec<String> = parsed
        .has
        .iter()
        .filter_map(|h| match h {
            Has::Image => Some("image"),
            Has::Audio => Some("audio"),
            Has::Video => Some("video"),
            Has::Link | Has::File => None,
        })
        .map(str::to_owned)
        .collect();
    let rows: Vec<IdRow> = diesel::sql_query(SEARCH)
        .bind::<Array<diesel::sql_types::Uuid>, _>(&conversations)
        .bind::<Nullable<Text>, _>(parsed.tsquery.as_deref())
        .bind::<Nullable<Array<diesel::sql_types::Uuid>>, _>(authors)
        .bind::<Nullable<Timestamptz>, _>(from)
        .bind::<Nullable<Timestamptz>, _>(to)
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(query.before)
        .bind::<BigInt, _>(limit + 1)
        .bind::<Nullable<Array<Text>>, _>(non_empty(
            parsed.cjk.iter().map(|r| containing(r)).collect(),
        ))
        .bind::<Nullable<Array<Text>>, _>(non_empty(
            parsed.cjk_excluded.iter().map(|r| containing(r)).collect(),
        ))
        .bind::<Bool, _>(parsed.pinned)
        .bind::<Bool, _>(parsed.in_thread)
        .bind::<Bool, _>(parsed.has.contains(&Has::Link))
        .bind::<Bool, _>(parsed.has.contains(&Has::File))
        .bind::<Nullable<Array<Text>>, _>(non_empty(kinds))
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
        .bind::<Nullable<Text>, _>(parsed.tsquery.as_deref())
        .load(conn)
        .await?;
    Ok(SearchPage {
        next_before: more.then(|| ids.last().copied()).flatten(),
        items: messages
            .into_iter()
            .zip(headlines)
            .map(|(message, headline)| SearchHit {
                highlight: mark_runs(pieces(&headline.headline), &parsed.highlight),
                message,
            })
            .collect(),
    })
}

/// Marks the CJK runs searched for inside the pieces not yet marked (the
/// database's headline sees a whole run as one word, so it cannot).
fn mark_runs(pieces: Vec<Highlight>, runs: &[String]) -> Vec<Highlight> {
    let mut out = pieces;
    for run in runs.iter().filter(|r| !r.is_empty()) {
        out = out
            .into_iter()
            .flat_map(|piece| {
                if piece.matched || !piece.text.contains(run.as_str()) {
                    return vec![piece];
                }
                let mut split = Vec::new();
                let mut rest = piece.text.as_str();
                while let Some(at) = rest.find(run.as_str()) {
                    if at > 0 {
                        split.push(Highlight {
                            text: rest[..at].to_owned(),
                            matched: false,
                        });
                    }
                    split.push(Highlight {
                        text: run.clone(),
                        matched: true,
                    });
                    rest = &rest[at + run.len()..];
                }
                if !rest.is_empty() {
                    split.push(Highlight {
                        text: rest.to_owned(),
                        matched: false,
                    });
                }
                split
            })
            .collect();
    }
    out
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
    fn cjk_runs_are_marked_inside_unmarked_pieces() {
        let marked = mark_runs(
            vec![Highlight {
                text: "我家在上海东边，上海".into(),
                matched: false,
            }],
            &["上海".to_owned()],
        );
        let got: Vec<(&str, bool)> = marked
            .iter()
            .map(|p| (p.text.as_str(), p.matched))
            .collect();
        assert_eq!(
            got,
            [
                ("我家在", false),
                ("上海", true),
                ("东边，", false),
                ("上海", true)
            ]
        );
    }

    #[test]
    fn search_text_is_bounded() {
        assert!(SearchText::parse("  hello ").is_ok());
        assert!(SearchText::parse("   ").is_err());
        assert!(SearchText::parse(&"a".repeat(201)).is_err());
    }
}
