//! The tree a message body parses into (docs/formatting.md, "The tree"). It
//! serialises to the same JSON as the web app's tree, so one corpus checks
//! both parsers: every key is always present, and an absent `lang` or
//! `start` is `null`, not a missing key.

use serde::{Deserialize, Serialize};

/// A block: what a run of lines of the body makes.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Consecutive ordinary lines (blank ones included), joined with `\n`.
    Paragraph { children: Vec<Inline> },
    /// Consecutive `> ` lines; only inline markup works inside.
    Quote { children: Vec<Inline> },
    /// Consecutive items of one kind; `start` is the first item's number in
    /// an ordered list, `None` in an unordered one.
    List {
        ordered: bool,
        start: Option<u32>,
        items: Vec<ListItem>,
    },
    /// The lines between two fences, taken literally.
    CodeBlock { lang: Option<String>, text: String },
}

/// One line of a list. The struct's `tag` writes `"type": "list_item"` like
/// the other nodes; reading ignores it (there is only one kind of item).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(tag = "type", rename = "list_item")]
pub struct ListItem {
    pub children: Vec<Inline>,
}

/// Inline text: what a paragraph, a quote, a list item or a span holds.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Never empty, and never next to another text node.
    Text {
        text: String,
    },
    Bold {
        children: Vec<Inline>,
    },
    Italic {
        children: Vec<Inline>,
    },
    Strike {
        children: Vec<Inline>,
    },
    Spoiler {
        children: Vec<Inline>,
    },
    /// Inline code, taken literally.
    Code {
        text: String,
    },
    /// `href` is the address as written (http, https or mailto); a bare URL's
    /// only child is the URL as text.
    Link {
        href: String,
        children: Vec<Inline>,
    },
    /// `username` is as written (`@Bob` gives `Bob`); compare lower-cased.
    Mention {
        username: String,
    },
}
