//! The plain text of a message (docs/formatting.md, "Plain text"): what
//! search, notification excerpts, the chat list and reply quotes use. Markup
//! goes, the text stays, line breaks stay `\n`; nothing is trimmed.

use super::blocks::parse;
use super::tree::{Block, Inline};

/// The plain text of a body as typed.
pub fn plain(input: &str) -> String {
    plain_of(&parse(input))
}

/// The blocks' plain text, one block after another on its own line.
pub fn plain_of(blocks: &[Block]) -> String {
    let texts: Vec<String> = blocks.iter().map(plain_of_block).collect();
    texts.join("\n")
}

fn plain_of_block(block: &Block) -> String {
    match block {
        Block::CodeBlock { text, .. } => text.clone(),
        Block::List { items, .. } => {
            let texts: Vec<String> = items
                .iter()
                .map(|item| plain_of_inline(&item.children))
                .collect();
            texts.join("\n")
        }
        Block::Paragraph { children } | Block::Quote { children } => plain_of_inline(children),
    }
}

/// Inline nodes' plain text: a link keeps its text and drops its address;
/// a mention is `@` and the name as written.
pub fn plain_of_inline(nodes: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(&mut out, nodes);
    out
}

fn push_plain(out: &mut String, nodes: &[Inline]) {
    for node in nodes {
        match node {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Mention { username } => {
                out.push('@');
                out.push_str(username);
            }
            Inline::Bold { children }
            | Inline::Italic { children }
            | Inline::Strike { children }
            | Inline::Spoiler { children }
            | Inline::Link { children, .. } => push_plain(out, children),
        }
    }
}
