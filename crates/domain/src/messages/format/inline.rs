//! Inline text (docs/formatting.md, "Inline text"). Each rule is a function
//! that either matches at a position (returning what it found and where
//! parsing goes on) or does not, in which case that one character is text.
//! Ranges are half-open `[start, end)` byte ranges over the block's string;
//! look-arounds never leave the range.
//!
//! Indexing by bytes gives the same tree as the web app's UTF-16 indexing:
//! every rule starts at, stops at, or looks at an ASCII byte, and a byte of a
//! multi-byte character is in no character class. So every position that is
//! sliced (a match's start, its `next`, a range's ends) is next to an ASCII
//! byte or at an end of the string, and hence a char boundary.

use std::collections::HashMap;

use super::chars::{is_alnum, is_punct, is_space};
use super::mention::read_mention;
use super::tree::Inline;
use super::urls::{bare_url_end, is_linkable_href, link_destination_end};

/// The block's text, and code spans already looked up (closer scans meet the
/// same backtick runs again and again; without this, a body of unpartnered
/// runs would cost a scan per run per enclosing closer search).
struct Source<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// `(start of a backtick run, end of the range)` to where its span closes.
    code_closes: HashMap<(usize, usize), Option<usize>>,
}

/// What a rule found: a node, or text (an escape, lone backticks).
enum Found<'a> {
    Node(Inline),
    Text(&'a str),
}

/// A match and the position after it.
struct Match<'a> {
    found: Found<'a>,
    next: usize,
}

impl<'a> Match<'a> {
    fn node(node: Inline, next: usize) -> Self {
        Self {
            found: Found::Node(node),
            next,
        }
    }

    fn text(text: &'a str, next: usize) -> Self {
        Self {
            found: Found::Text(text),
            next,
        }
    }
}

/// Parses a block's text (a paragraph, a quote's lines, a list item).
pub(super) fn parse_inline(text: &str) -> Vec<Inline> {
    let mut src = Source {
        text,
        bytes: text.as_bytes(),
        code_closes: HashMap::new(),
    };
    parse_range(&mut src, 0, text.len(), false)
}

/// `text[from..to]`. The positions are where rules start or stop, always
/// next to ASCII bytes (see the module comment), so this never splits a
/// character; the debug assertion guards that reasoning.
fn between(text: &str, from: usize, to: usize) -> &str {
    debug_assert!(
        text.is_char_boundary(from) && text.is_char_boundary(to),
        "a slice inside a character: {from}..{to}"
    );
    text.get(from..to).unwrap_or_default()
}

/// The byte at `k` if it is inside the range (look-arounds never leave it).
fn byte_within(bytes: &[u8], k: usize, end: usize) -> Option<u8> {
    if k < end { bytes.get(k).copied() } else { None }
}

/// A backslash before punctuation at `j`: an escape, read or skipped whole.
fn is_escape(bytes: &[u8], j: usize, end: usize) -> bool {
    bytes[j] == b'\\' && byte_within(bytes, j + 1, end).is_some_and(is_punct)
}

/// `inert`: inside a link's text or a spoiler, where links, bare URLs and
/// spoilers are text (something to click cannot sit in something to click).
fn parse_range(src: &mut Source<'_>, start: usize, end: usize, inert: bool) -> Vec<Inline> {
    let text = src.text;
    let mut out = InlineBuilder::default();
    // Characters no rule takes are copied as one run rather than one by one,
    // which also keeps multi-byte characters whole: rules only match at
    // ASCII bytes, so a run starts and ends at char boundaries.
    let mut run_start = start;
    let mut i = start;
    while i < end {
        let Some(matched) = match_at(src, i, start, end, inert) else {
            i += 1;
            continue;
        };
        out.text(between(text, run_start, i));
        match matched.found {
            Found::Node(node) => out.node(node),
            Found::Text(found) => out.text(found),
        }
        i = matched.next;
        run_start = i;
    }
    out.text(between(text, run_start, end));
    out.nodes
}

/// The one rule the character at `i` selects, if it matches.
fn match_at<'a>(
    src: &mut Source<'a>,
    i: usize,
    start: usize,
    end: usize,
    inert: bool,
) -> Option<Match<'a>> {
    let selector = src.bytes[i];
    match selector {
        b'\\' => escape_at(src.text, i, end),
        b'`' => Some(code_at(src, i, end)),
        b'h' | b'H' if !inert => bare_url_at(src.text, i, start, end),
        b'[' if !inert => link_at(src, i, end),
        b'@' => mention_at(src.text, i, start, end),
        b'*' | b'~' | b'|' | b'_' => span_at(src, i, start, end, inert),
        _ => None,
    }
}

fn escape_at(text: &str, i: usize, end: usize) -> Option<Match<'_>> {
    if !is_escape(text.as_bytes(), i, end) {
        return None;
    }
    Some(Match::text(between(text, i + 1, i + 2), i + 2))
}

fn mention_at(text: &str, i: usize, start: usize, end: usize) -> Option<Match<'_>> {
    let name = read_mention(text, i, start, end)?;
    let mention = Inline::Mention {
        username: name.to_owned(),
    };
    Some(Match::node(mention, i + 1 + name.len()))
}

/// How many backticks in a row from `i`, within the range.
fn run_length(bytes: &[u8], i: usize, end: usize) -> usize {
    bytes.get(i..end).map_or(0, |rest| {
        rest.iter().take_while(|&&byte| byte == b'`').count()
    })
}

/// Where the code span opened by the backtick run at `i` closes (the start
/// of the next run of exactly as many backticks, inside the range), or `None`.
fn code_close(src: &mut Source<'_>, i: usize, end: usize) -> Option<usize> {
    if let Some(&known) = src.code_closes.get(&(i, end)) {
        return known;
    }
    let bytes = src.bytes;
    let n = run_length(bytes, i, end);
    let mut close = None;
    let mut q = i + n;
    while q < end {
        if bytes[q] != b'`' {
            q += 1;
            continue;
        }
        let m = run_length(bytes, q, end);
        if m == n {
            close = Some(q);
            break;
        }
        q += m;
    }
    src.code_closes.insert((i, end), close);
    close
}

/// Past the backtick run at `i` and the code span it opens, if any (closer
/// scans skip both).
fn past_backticks(src: &mut Source<'_>, i: usize, end: usize) -> usize {
    let n = run_length(src.bytes, i, end);
    match code_close(src, i, end) {
        Some(close) => close + n,
        None => i + n,
    }
}

/// A code span, or (with no closing run) all of the opening run as text.
fn code_at<'a>(src: &mut Source<'a>, i: usize, end: usize) -> Match<'a> {
    let n = run_length(src.bytes, i, end);
    match code_close(src, i, end) {
        None => Match::text(between(src.text, i, i + n), i + n),
        Some(close) => {
            let code = Inline::Code {
                text: between(src.text, i + n, close).to_owned(),
            };
            Match::node(code, close + n)
        }
    }
}

fn bare_url_at(text: &str, i: usize, start: usize, end: usize) -> Option<Match<'_>> {
    let bytes = text.as_bytes();
    if i > start && is_alnum(bytes[i - 1]) {
        return None;
    }
    let stop = bare_url_end(bytes, i, end)?;
    let url = between(text, i, stop);
    let link = Inline::Link {
        href: url.to_owned(),
        children: vec![Inline::Text {
            text: url.to_owned(),
        }],
    };
    Some(Match::node(link, stop))
}

/// Scans for a `]` the way closers are scanned: escapes and backtick runs
/// (with their code spans) are skipped whole.
fn link_at<'a>(src: &mut Source<'a>, i: usize, end: usize) -> Option<Match<'a>> {
    let bytes = src.bytes;
    let mut j = i + 1;
    while j < end && bytes[j] != b']' {
        if is_escape(bytes, j, end) {
            j += 2;
        } else if bytes[j] == b'`' {
            j = past_backticks(src, j, end);
        } else {
            j += 1;
        }
    }
    if j == i + 1 || byte_within(bytes, j + 1, end) != Some(b'(') {
        return None;
    }
    let close = link_destination_end(bytes, j + 2, end)?;
    let href = between(src.text, j + 2, close);
    if !is_linkable_href(href) {
        return None;
    }
    let children = parse_range(src, i + 1, j, true);
    let link = Inline::Link {
        href: href.to_owned(),
        children,
    };
    Some(Match::node(link, close + 1))
}

/// The spans written with a doubled marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DoubleSpan {
    Bold,
    Strike,
    Spoiler,
}

impl DoubleSpan {
    /// The span `marker` doubled opens; no spoiler in an inert range.
    fn of(marker: u8, inert: bool) -> Option<Self> {
        match marker {
            b'*' => Some(Self::Bold),
            b'~' => Some(Self::Strike),
            b'|' if !inert => Some(Self::Spoiler),
            _ => None,
        }
    }

    fn node(self, children: Vec<Inline>) -> Inline {
        match self {
            Self::Bold => Inline::Bold { children },
            Self::Strike => Inline::Strike { children },
            Self::Spoiler => Inline::Spoiler { children },
        }
    }
}

/// `**` is tried before `*`; a doubled marker that finds no closer may
/// still open a single-marker span (`**x*` is `*` then italic `x`).
fn span_at<'a>(
    src: &mut Source<'a>,
    i: usize,
    start: usize,
    end: usize,
    inert: bool,
) -> Option<Match<'a>> {
    let bytes = src.bytes;
    let marker = bytes[i];
    let double =
        DoubleSpan::of(marker, inert).filter(|_| byte_within(bytes, i + 1, end) == Some(marker));
    if let Some(found) = double.and_then(|kind| double_span_at(src, i, end, kind, inert)) {
        return Some(found);
    }
    if marker == b'*' || marker == b'_' {
        return single_span_at(src, i, start, end, inert);
    }
    None
}

/// The first position from `from` where `closes(j)` holds, skipping escapes
/// and backtick runs (with their code spans) whole; `None` if there is none.
fn find_closer(
    src: &mut Source<'_>,
    from: usize,
    end: usize,
    closes: impl Fn(usize) -> bool,
) -> Option<usize> {
    let bytes = src.bytes;
    let mut j = from;
    while j < end {
        if is_escape(bytes, j, end) {
            j += 2;
        } else if bytes[j] == b'`' {
            j = past_backticks(src, j, end);
        } else if closes(j) {
            return Some(j);
        } else {
            j += 1;
        }
    }
    None
}

/// `**`, `~~`, `||`: the character after the opener is not white space; the
/// closer follows no white space and is not followed by a third marker.
fn double_span_at<'a>(
    src: &mut Source<'a>,
    i: usize,
    end: usize,
    kind: DoubleSpan,
    inert: bool,
) -> Option<Match<'a>> {
    let bytes = src.bytes;
    let marker = bytes[i];
    let from = i + 2;
    if byte_within(bytes, from, end).is_none_or(is_space) {
        return None;
    }
    // `j > from` keeps the content non-empty, and makes `j - 1` safe.
    let closes = |j: usize| {
        j > from
            && bytes[j] == marker
            && byte_within(bytes, j + 1, end) == Some(marker)
            && !is_space(bytes[j - 1])
            && byte_within(bytes, j + 2, end) != Some(marker)
    };
    let close = find_closer(src, from, end, closes)?;
    let children = parse_range(src, from, close, inert || kind == DoubleSpan::Spoiler);
    Some(Match::node(kind.node(children), close + 2))
}

/// `*` and `_`: as doubles, but a doubled marker neither opens nor closes,
/// and `_` does not work inside words (`snake_case` stays text).
fn single_span_at<'a>(
    src: &mut Source<'a>,
    i: usize,
    start: usize,
    end: usize,
    inert: bool,
) -> Option<Match<'a>> {
    let bytes = src.bytes;
    let marker = bytes[i];
    let from = i + 1;
    if byte_within(bytes, from, end).is_none_or(|after| is_space(after) || after == marker) {
        return None;
    }
    if marker == b'_' && i > start && is_alnum(bytes[i - 1]) {
        return None;
    }
    let closes = |j: usize| {
        // `j == from` first: the content is never empty, and `j - 1` is safe after it.
        if j == from || bytes[j] != marker || is_space(bytes[j - 1]) || bytes[j - 1] == marker {
            return false;
        }
        let after = byte_within(bytes, j + 1, end);
        after != Some(marker) && !(marker == b'_' && after.is_some_and(is_alnum))
    };
    let close = find_closer(src, from, end, closes)?;
    let italic = Inline::Italic {
        children: parse_range(src, from, close, inert),
    };
    Some(Match::node(italic, close + 1))
}

/// Collects nodes, merging adjacent text and dropping empty text.
#[derive(Default)]
struct InlineBuilder {
    nodes: Vec<Inline>,
}

impl InlineBuilder {
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Inline::Text { text: last }) = self.nodes.last_mut() {
            last.push_str(text);
        } else {
            self.nodes.push(Inline::Text {
                text: text.to_owned(),
            });
        }
    }

    fn node(&mut self, node: Inline) {
        self.nodes.push(node);
    }
}
