//! Message formatting: the rules of docs/formatting.md, the same as the web
//! app's `frontend/src/utils/formatting/` (this port follows it function by
//! function). A body is stored as typed; `parse` says what it means, `plain`
//! what search, excerpts and previews show, and `mentioned_usernames` whom
//! it notifies. Both implementations are checked against
//! docs/formatting-corpus.json (tests/formatting_corpus.rs).
//!
//! Positions are byte indices. The rules' character classes are all ASCII,
//! so this gives the same tree as the web app's UTF-16 indices.

mod blocks;
mod chars;
mod inline;
mod mention;
mod plain;
mod tree;
mod urls;

pub use blocks::parse;
pub use plain::{plain, plain_of, plain_of_inline};
pub use tree::{Block, Inline, ListItem};

/// The names the body's mentions name, in order and as written (`@Bob` gives
/// `Bob`, repeats included; `everyone` for `@everyone` in any case). Exactly
/// the tree's mentions: `@` in code, in an e-mail address or escaped is none.
pub fn mentioned_usernames(input: &str) -> Vec<String> {
    mentioned_usernames_of(&parse(input))
}

pub fn mentioned_usernames_of(blocks: &[Block]) -> Vec<String> {
    let mut names = Vec::new();
    each_inline(blocks, &mut |node| {
        if let Inline::Mention { username } = node {
            names.push(username.clone());
        }
    });
    names
}

/// The http(s) addresses the body links to (written links and bare URLs), in
/// order, each once: what link previews are made for.
pub fn web_links_of(blocks: &[Block]) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    each_inline(blocks, &mut |node| {
        if let Inline::Link { href, .. } = node {
            let lower = href.to_ascii_lowercase();
            let web = lower.starts_with("http://") || lower.starts_with("https://");
            if web && !links.contains(href) {
                links.push(href.clone());
            }
        }
    });
    links
}

/// Visits every inline node, depth first, in reading order (code blocks hold none).
fn each_inline(blocks: &[Block], visit: &mut impl FnMut(&Inline)) {
    for block in blocks {
        match block {
            Block::Paragraph { children } | Block::Quote { children } => {
                each_in(children, visit);
            }
            Block::List { items, .. } => {
                for item in items {
                    each_in(&item.children, visit);
                }
            }
            Block::CodeBlock { .. } => {}
        }
    }
}

fn each_in(nodes: &[Inline], visit: &mut impl FnMut(&Inline)) {
    for node in nodes {
        visit(node);
        match node {
            Inline::Bold { children }
            | Inline::Italic { children }
            | Inline::Strike { children }
            | Inline::Spoiler { children }
            | Inline::Link { children, .. } => each_in(children, visit),
            Inline::Text { .. } | Inline::Code { .. } | Inline::Mention { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::mentioned_usernames;

    #[test]
    fn a_mention_in_code_is_none() {
        assert!(mentioned_usernames("`@bob` ``@carol``").is_empty());
        assert!(mentioned_usernames("```\n@bob\n```").is_empty());
    }

    #[test]
    fn a_closing_dot_is_not_part_of_the_name() {
        assert_eq!(mentioned_usernames("thanks @bob."), ["bob"]);
    }

    #[test]
    fn an_email_address_is_no_mention() {
        assert!(mentioned_usernames("me@example.com").is_empty());
    }

    #[test]
    fn an_escaped_at_is_no_mention() {
        assert!(mentioned_usernames("\\@bob").is_empty());
    }

    #[test]
    fn names_are_as_written_in_order_from_every_block() {
        let body = "@Ann and @everyone\n> **@bob**\n- [@carol](https://example.com)\n1. ||@Ann||";
        assert_eq!(
            mentioned_usernames(body),
            ["Ann", "everyone", "bob", "carol", "Ann"]
        );
    }

    #[test]
    fn names_too_short_or_reserved_are_none() {
        assert!(mentioned_usernames("@x @here @@bob").is_empty());
    }

    #[test]
    fn web_links_are_the_http_links_in_order_once_each() {
        let blocks = super::parse(
            "see https://a.example/x, [docs](https://b.example) and https://a.example/x again, `https://c.example` [m](mailto:x@y.z)",
        );
        assert_eq!(
            super::web_links_of(&blocks),
            ["https://a.example/x", "https://b.example"]
        );
    }
}
