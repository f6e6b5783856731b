//! The search box's language, as people know it from Slack and Discord:
//! words (each also a prefix: `deploy` finds `deployment`; accents fold in
//! the database, so `cafe` finds `café`), "quoted phrases", `-exclusions`,
//! and operators: `from:@name` (or `from:me`), `in:#group`, `in:@friend`,
//! `in:thread`, `has:link|image|file|audio|video`, `before:`, `after:` and
//! `on:` a date (`YYYY-MM-DD`), and `is:pinned`, combined freely.
//!
//! Chinese, Japanese and Korean are written without spaces, so a run of
//! those characters is searched by its overlapping pairs (the index holds
//! every pair of each run, migration 000029) and rechecked as a substring.

use crate::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;

/// Most words, phrases and exclusions one query may hold.
const MAX_TERMS: usize = 32;

/// Who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    Me,
    /// A username, lower-cased.
    Named(String),
}

/// Where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A group of the searcher's, by name or handle (`in:#name`).
    Group(String),
    /// The DM with this username (`in:@name`).
    Dm(String),
    /// Either (`in:name`).
    Either(String),
}

/// What it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Has {
    Link,
    Image,
    Audio,
    Video,
    /// Any attachment.
    File,
}

/// A parsed query: the text part for Postgres, and the filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// `to_tsquery('confab', ...)` input; none when the query is filters only.
    pub tsquery: Option<String>,
    /// Runs of CJK characters each hit must contain as written (the pairs in
    /// the index only sieve).
    pub cjk: Vec<String>,
    /// Runs of CJK characters no hit may contain.
    pub cjk_excluded: Vec<String>,
    pub from: Vec<Author>,
    pub places: Vec<Place>,
    pub has: Vec<Has>,
    /// Sent before this day began.
    pub before: Option<NaiveDate>,
    /// Sent after this day ended.
    pub after: Option<NaiveDate>,
    /// Sent on this day.
    pub on: Option<NaiveDate>,
    pub pinned: bool,
    pub in_thread: bool,
    /// Words for marking matches the database's headline cannot mark (CJK).
    pub highlight: Vec<String>,
}

fn invalid(message: impl Into<std::borrow::Cow<'static, str>>) -> Error {
    Error::new(ErrorCode::InvalidQuery, message)
}

/// Whether the character is one the index pairs (the ranges of migration
/// 000029's `confab_cjk_grams`).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11ff
        | 0x3040..=0x30ff
        | 0x3130..=0x318f
        | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff
        | 0xac00..=0xd7af
        | 0xf900..=0xfaff)
}

/// One piece of text as the parser reads it.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    Word { text: String, negated: bool },
    Phrase { text: String, negated: bool },
    Operator { key: String, value: String },
}

const OPERATORS: [&str; 7] = ["from", "in", "has", "before", "after", "on", "is"];

fn tokens(input: &str) -> Vec<Token> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let read_quoted = |i: &mut usize| -> String {
        // `*i` is just past the opening quote; an unclosed quote runs to the end.
        let start = *i;
        while *i < chars.len() && chars[*i] != '"' {
            *i += 1;
        }
        let text: String = chars[start..*i].iter().collect();
        *i += 1;
        text
    };
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let negated = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        if negated {
            i += 1;
        }
        if chars[i] == '"' {
            i += 1;
            let text = read_quoted(&mut i);
            out.push(Token::Phrase { text, negated });
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        if !negated
            && let Some((key, value)) = word.split_once(':')
            && OPERATORS.contains(&key.to_ascii_lowercase().as_str())
        {
            let value = if value.is_empty() && chars.get(i) == Some(&'"') {
                i += 1;
                read_quoted(&mut i)
            } else if (value == "#" || value == "@") && chars.get(i) == Some(&'"') {
                i += 1;
                format!("{value}{}", read_quoted(&mut i))
            } else {
                value.to_owned()
            };
            out.push(Token::Operator {
                key: key.to_ascii_lowercase(),
                value,
            });
            continue;
        }
        out.push(Token::Word {
            text: word,
            negated,
        });
    }
    out
}

/// The letters-and-digits runs of a text, each split where it passes between
/// CJK and other characters: `(text, is_cjk)`.
fn chunks(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    let mut current_cjk = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push((std::mem::take(&mut current), current_cjk));
            }
            continue;
        }
        let cjk = is_cjk(c);
        if !current.is_empty() && cjk != current_cjk {
            out.push((std::mem::take(&mut current), current_cjk));
        }
        current_cjk = cjk;
        current.push(c);
    }
    if !current.is_empty() {
        out.push((current, current_cjk));
    }
    out
}

/// A lexeme for `to_tsquery`: quoted, with its quotes and backslashes escaped.
fn lexeme(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

/// A CJK run as the index holds it: one character by prefix (it starts a
/// pair, or ends its run), more by all their pairs.
fn cjk_query(run: &str) -> String {
    let chars: Vec<char> = run.chars().collect();
    if chars.len() == 1 {
        return format!("{}:*", lexeme(run));
    }
    let pairs: Vec<String> = chars
        .windows(2)
        .map(|w| lexeme(&w.iter().collect::<String>()))
        .collect();
    format!("({})", pairs.join(" & "))
}

/// The tsquery of a word (every part a prefix) or a phrase (parts in order,
/// each whole), and its CJK runs.
fn text_query(text: &str, phrase: bool) -> Option<(String, Vec<String>)> {
    let parts = chunks(text);
    if parts.is_empty() {
        return None;
    }
    let has_cjk = parts.iter().any(|(_, cjk)| *cjk);
    let runs: Vec<String> = parts
        .iter()
        .filter(|(_, cjk)| *cjk)
        .map(|(t, _)| t.clone())
        .collect();
    let pieces: Vec<String> = parts
        .iter()
        .map(|(t, cjk)| match (cjk, phrase) {
            (true, _) => cjk_query(t),
            (false, true) => lexeme(t),
            (false, false) => format!("{}:*", lexeme(t)),
        })
        .collect();
    // Pairs have no positions, so a phrase with CJK is all of its parts.
    let joiner = if phrase && !has_cjk { " <-> " } else { " & " };
    Some((format!("({})", pieces.join(joiner)), runs))
}

fn date(key: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| invalid(format!("{key}: takes a date as YYYY-MM-DD")))
}

fn name(value: &str) -> String {
    value.trim().to_lowercase()
}

impl ParsedQuery {
    pub fn parse(input: &str) -> Result<Self> {
        let mut parsed = Self::default();
        let mut positive = Vec::new();
        let mut negative = Vec::new();
        let mut terms = 0;
        for token in tokens(input) {
            match token {
                Token::Word { text, negated } | Token::Phrase { text, negated } if negated => {
                    terms += 1;
                    if let Some((query, runs)) = text_query(&text, true) {
                        negative.push(format!("!{query}"));
                        parsed.cjk_excluded.extend(runs);
                    }
                }
                Token::Word { text, .. } => {
                    terms += 1;
                    if let Some((query, runs)) = text_query(&text, false) {
                        positive.push(query);
                        parsed.highlight.extend(runs.iter().cloned());
                        parsed.cjk.extend(runs);
                    }
                }
                Token::Phrase { text, .. } => {
                    terms += 1;
                    if let Some((query, runs)) = text_query(&text, true) {
                        positive.push(query);
                        parsed.highlight.extend(runs.iter().cloned());
                        // A phrase's CJK is checked as written, whole.
                        let whole: Vec<(String, bool)> = chunks(&text);
                        if whole.iter().all(|(_, cjk)| *cjk) && whole.len() > 1 {
                            parsed
                                .cjk
                                .push(text.split_whitespace().collect::<Vec<_>>().join(" "));
                        } else {
                            parsed.cjk.extend(runs);
                        }
                    }
                }
                Token::Operator { key, value } => parsed.operator(&key, &value)?,
            }
        }
        if terms > MAX_TERMS {
            return Err(invalid(format!(
                "at most {MAX_TERMS} words, phrases and exclusions"
            )));
        }
        // Exclusions alone would read every message: a word, a phrase or a
        // filter must narrow the search.
        if positive.is_empty() && !parsed.has_filters() {
            return Err(invalid(
                "search for a word, a phrase or a filter (from:, in:, has:, before:, after:, on:, is:)",
            ));
        }
        parsed.tsquery = match (positive.is_empty(), negative.is_empty()) {
            (true, true) => None,
            _ => Some(
                positive
                    .into_iter()
                    .chain(negative)
                    .collect::<Vec<_>>()
                    .join(" & "),
            ),
        };
        Ok(parsed)
    }

    fn operator(&mut self, key: &str, value: &str) -> Result<()> {
        let value = value.trim();
        if value.is_empty() {
            return Err(invalid(format!("{key}: needs a value")));
        }
        match key {
            "from" => self
                .from
                .push(match value.strip_prefix('@').unwrap_or(value) {
                    v if v.eq_ignore_ascii_case("me") => Author::Me,
                    v => Author::Named(name(v)),
                }),
            "in" => {
                if value.eq_ignore_ascii_case("thread") {
                    self.in_thread = true;
                } else if let Some(group) = value.strip_prefix('#') {
                    self.places.push(Place::Group(name(group)));
                } else if let Some(user) = value.strip_prefix('@') {
                    self.places.push(Place::Dm(name(user)));
                } else {
                    self.places.push(Place::Either(name(value)));
                }
            }
            "has" => self.has.push(match value.to_ascii_lowercase().as_str() {
                "link" => Has::Link,
                "image" => Has::Image,
                "audio" => Has::Audio,
                "video" => Has::Video,
                "file" => Has::File,
                _ => return Err(invalid("has: takes link, image, file, audio or video")),
            }),
            "before" => self.before = Some(date(key, value)?),
            "after" => self.after = Some(date(key, value)?),
            "on" => self.on = Some(date(key, value)?),
            "is" => match value.to_ascii_lowercase().as_str() {
                "pinned" => self.pinned = true,
                "thread" => self.in_thread = true,
                _ => return Err(invalid("is: takes pinned")),
            },
            _ => unreachable!("operators are the known keys"),
        }
        Ok(())
    }

    fn has_filters(&self) -> bool {
        !self.from.is_empty()
            || !self.places.is_empty()
            || !self.has.is_empty()
            || self.before.is_some()
            || self.after.is_some()
            || self.on.is_some()
            || self.pinned
            || self.in_thread
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(input: &str) -> ParsedQuery {
        ParsedQuery::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"))
    }

    #[test]
    fn words_are_prefixes_and_phrases_are_in_order() {
        assert_eq!(query("deploy").tsquery.as_deref(), Some("('deploy':*)"));
        assert_eq!(
            query("coffee tomorrow").tsquery.as_deref(),
            Some("('coffee':*) & ('tomorrow':*)")
        );
        assert_eq!(
            query("\"see you\"").tsquery.as_deref(),
            Some("('see' <-> 'you')")
        );
        assert_eq!(
            query("pizza -the").tsquery.as_deref(),
            Some("('pizza':*) & !('the')")
        );
        assert_eq!(
            query("e-mail it's").tsquery.as_deref(),
            Some("('e':* & 'mail':*) & ('it':* & 's':*)")
        );
    }

    #[test]
    fn cjk_runs_become_pairs_rechecked_as_written() {
        let q = query("上海");
        assert_eq!(q.tsquery.as_deref(), Some("(('上海'))"));
        assert_eq!(q.cjk, ["上海"]);
        let q = query("東京タワー");
        assert_eq!(
            q.tsquery.as_deref(),
            Some("(('東京' & '京タ' & 'タワ' & 'ワー'))")
        );
        let q = query("서");
        assert_eq!(q.tsquery.as_deref(), Some("('서':*)"));
        let q = query("Tokyo東京");
        assert_eq!(q.tsquery.as_deref(), Some("('Tokyo':* & ('東京'))"));
        assert_eq!(q.cjk, ["東京"]);
        let q = query("meet -上海");
        assert_eq!(q.cjk_excluded, ["上海"]);
    }

    #[test]
    fn operators_combine_with_words() {
        let q = query(
            "from:@Bob in:#Trips has:image has:link before:2026-12-01 after:2026-01-31 is:pinned in:thread report",
        );
        assert_eq!(q.from, [Author::Named("bob".into())]);
        assert_eq!(q.places, [Place::Group("trips".into())]);
        assert_eq!(q.has, [Has::Image, Has::Link]);
        assert_eq!(q.before, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(q.after, NaiveDate::from_ymd_opt(2026, 1, 31));
        assert!(q.pinned && q.in_thread);
        assert_eq!(q.tsquery.as_deref(), Some("('report':*)"));
        assert_eq!(query("from:me").from, [Author::Me]);
        assert_eq!(query("in:@ann").places, [Place::Dm("ann".into())]);
        assert_eq!(
            query("in:#\"Trip planning\" x").places,
            [Place::Group("trip planning".into())]
        );
        assert_eq!(
            query("on:2026-02-03").on,
            NaiveDate::from_ymd_opt(2026, 2, 3)
        );
        assert!(query("has:file").tsquery.is_none());
    }

    #[test]
    fn a_colon_that_is_no_operator_is_text() {
        let q = query("https://example.com/x note:");
        assert!(q.tsquery.as_deref().unwrap().contains("'https':*"));
        assert!(q.from.is_empty());
    }

    #[test]
    fn mistakes_are_clear_errors() {
        for bad in [
            "has:pdf",
            "before:yesterday",
            "on:2026-13-01",
            "is:starred",
            "from:",
            "-alone",
            "!!!",
        ] {
            assert!(ParsedQuery::parse(bad).is_err(), "{bad}");
        }
        let many: String = (0..40).map(|i| format!("w{i} ")).collect();
        assert!(ParsedQuery::parse(&many).is_err());
        assert!(ParsedQuery::parse("from:@bob -alone").is_ok());
    }

    #[test]
    fn the_cjk_ranges_are_the_indexes() {
        for c in ['上', '東', 'タ', 'ー', 'に', '서', 'ㄱ'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', 'é', 'ß', '1', 'я', 'ع'] {
            assert!(!is_cjk(c), "{c}");
        }
    }
}
