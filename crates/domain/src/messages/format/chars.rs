//! The character classes of the formatting rules (docs/formatting.md,
//! "Characters"). All ASCII on purpose: no Unicode table that two languages
//! could disagree on, and the parser can look at single bytes, since no byte
//! of a multi-byte character (all are 0x80 or above) is in any class.

/// Space, tab, line feed: nothing else (U+00A0 is an ordinary character).
pub(super) fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n')
}

/// ASCII letters and digits only.
pub(super) fn is_alnum(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
}

/// What a backslash escapes: the 32 ASCII punctuation characters
/// ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``, exactly std's ASCII punctuation.
pub(super) fn is_punct(byte: u8) -> bool {
    byte.is_ascii_punctuation()
}

/// Printable ASCII but `<`, `>`, `"` and a backtick: anything else (white
/// space, controls, any non-ASCII character such as a bidi override) ends a URL.
pub(super) fn is_url_char(byte: u8) -> bool {
    matches!(byte, 0x21..=0x7e) && !matches!(byte, b'<' | b'>' | b'"' | b'`')
}
