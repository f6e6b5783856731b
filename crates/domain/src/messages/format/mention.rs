//! The `@` rule (docs/formatting.md, inline rule 5): an `@` that starts a
//! word (so `me@example.com` is not one), then letters, digits, `_` and `.`,
//! without a sentence's closing dots ("thanks @bob."); the name must be a
//! possible username (3–32 characters) or `everyone`.

/// Usernames' lengths, as the web app's `USERNAME_MIN` and `USERNAME_MAX`:
/// a shorter or longer name cannot be anyone, so it is no mention.
const USERNAME_MIN: usize = 3;
const USERNAME_MAX: usize = 32;

const EVERYONE: &str = "everyone";

/// Not usernames: they mean something else after `@` (only `@everyone` is in use).
const RESERVED: &[&str] = &["here"];

fn is_name_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'.'
}

/// `lower` is the name lower-cased.
fn is_mention_name(lower: &str) -> bool {
    if lower == EVERYONE {
        return true;
    }
    (USERNAME_MIN..=USERNAME_MAX).contains(&lower.len()) && !RESERVED.contains(&lower)
}

/// The name mentioned by the `@` at `at`, as written, or `None`. The
/// character before the `@` (if inside `[start, end)`) must be neither a name
/// character nor `@`; the name ends at the last name character before `end`,
/// without closing dots. The parser passes the range it is in, so `_@bob_`
/// mentions `bob`.
pub(super) fn read_mention(text: &str, at: usize, start: usize, end: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'@') {
        return None;
    }
    if at > start && (is_name_char(bytes[at - 1]) || bytes[at - 1] == b'@') {
        return None;
    }
    let mut stop = at + 1;
    while stop < end && is_name_char(bytes[stop]) {
        stop += 1;
    }
    // Name characters are ASCII, so both ends of the name are char boundaries.
    let name = text.get(at + 1..stop)?.trim_end_matches('.');
    is_mention_name(&name.to_ascii_lowercase()).then_some(name)
}
