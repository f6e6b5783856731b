//! Addresses: where a bare URL ends, where a link's destination ends, and
//! which destinations may be links at all (docs/formatting.md, inline rules
//! 3 and 4). Positions are byte indices; every byte looked at is compared
//! with ASCII, so a multi-byte character simply ends a URL.

use super::chars::is_url_char;

/// Dropped from a bare URL's end: sentence punctuation and markers around it.
const TRAILING: &[u8] = b".,:;!?'*_~|";

/// Whether `bytes` starts with `prefix`, ASCII case-insensitively.
fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The length of the `https://` or `http://` at `i`, 0 if there is none.
fn scheme_prefix(bytes: &[u8], i: usize, end: usize) -> usize {
    let rest = bytes.get(i..end).unwrap_or_default();
    if starts_with_ignore_case(rest, b"https://") {
        8
    } else if starts_with_ignore_case(rest, b"http://") {
        7
    } else {
        0
    }
}

/// The end of the bare URL starting at `i` (`http://` or `https://`), or
/// `None`: the run of URL characters without trailing punctuation, nor a `)`
/// or `]` that closes nothing inside the URL ("(see https://x.org/a_(b))").
pub(super) fn bare_url_end(bytes: &[u8], i: usize, end: usize) -> Option<usize> {
    let prefix = scheme_prefix(bytes, i, end);
    if prefix == 0 {
        return None;
    }
    let mut stop = i;
    // Over the whole run: negative means more closers than openers.
    let mut parens: isize = 0;
    let mut brackets: isize = 0;
    while stop < end && is_url_char(bytes[stop]) {
        match bytes[stop] {
            b'(' => parens += 1,
            b')' => parens -= 1,
            b'[' => brackets += 1,
            b']' => brackets -= 1,
            _ => {}
        }
        stop += 1;
    }
    // The prefix ends with `/`, which is never dropped, so `stop > i` always
    // holds here; the condition only makes that plain.
    while stop > i {
        let last = bytes[stop - 1];
        if TRAILING.contains(&last) {
            stop -= 1;
        } else if last == b')' && parens < 0 {
            parens += 1;
            stop -= 1;
        } else if last == b']' && brackets < 0 {
            brackets += 1;
            stop -= 1;
        } else {
            break;
        }
    }
    (stop - i > prefix).then_some(stop)
}

/// The `)` ending a link destination that starts at `from`: nested pairs of
/// parentheses are part of it; any character that is not a URL character
/// (a space, a quote, a bidi control) means there is no destination.
pub(super) fn link_destination_end(bytes: &[u8], from: usize, end: usize) -> Option<usize> {
    let destination = bytes.get(from..end)?;
    let mut depth = 0usize;
    for (offset, &byte) in destination.iter().enumerate() {
        match byte {
            b'(' => depth += 1,
            b')' if depth == 0 => return Some(from + offset),
            b')' => depth -= 1,
            _ if !is_url_char(byte) => return None,
            _ => {}
        }
    }
    None
}

/// Only web and mail addresses become links; `javascript:`, `data:`,
/// `//host` and the rest stay text. The scheme alone is no address.
pub(super) fn is_linkable_href(href: &str) -> bool {
    for scheme in ["http://", "https://", "mailto:"] {
        if starts_with_ignore_case(href.as_bytes(), scheme.as_bytes()) {
            return href.len() > scheme.len();
        }
    }
    false
}
