//! A message body as a tree of blocks (docs/formatting.md, "Blocks"). Lines
//! are read top to bottom; a code block, a quote or a list is recognised by
//! its first characters, everything else gathers into paragraphs.

use super::inline::parse_inline;
use super::tree::{Block, ListItem};

/// The rules' white space within a line: `str::trim` would also eat U+00A0.
const SPACES_AND_TABS: [char; 2] = [' ', '\t'];

/// A fence's language: 1–32 of ASCII letters, digits and `_ + # . -`.
const LANG_MAX: usize = 32;

/// An ordered item's number: 1–9 digits, so it always fits a `u32`.
const NUMBER_DIGITS_MAX: usize = 9;

fn is_lang(text: &str) -> bool {
    let is_lang_char =
        |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'+' | b'#' | b'.' | b'-');
    (1..=LANG_MAX).contains(&text.len()) && text.bytes().all(is_lang_char)
}

/// A line that opens a code block if a closing fence follows.
struct FenceOpen<'a> {
    lang: Option<&'a str>,
}

/// `None` if the line is no opening fence.
fn fence_open(line: &str) -> Option<FenceOpen<'_>> {
    let rest = line.strip_prefix("```")?.trim_matches(SPACES_AND_TABS);
    if rest.is_empty() {
        return Some(FenceOpen { lang: None });
    }
    is_lang(rest).then_some(FenceOpen { lang: Some(rest) })
}

fn is_fence_end(line: &str) -> bool {
    line.trim_end_matches(SPACES_AND_TABS) == "```"
}

/// What a quote line holds, or `None` for a line that is no quote line.
fn quote_content(line: &str) -> Option<&str> {
    if line == ">" {
        return Some("");
    }
    line.strip_prefix("> ")
}

/// A list item's kind and content.
struct ListLine<'a> {
    ordered: bool,
    number: Option<u32>,
    content: &'a str,
}

/// `None` for a line that is no list item.
fn list_item(line: &str) -> Option<ListLine<'_>> {
    if let Some(content) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some(ListLine {
            ordered: false,
            number: None,
            content,
        });
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=NUMBER_DIGITS_MAX).contains(&digits) {
        return None;
    }
    // The digits are ASCII, so `digits` is a char boundary.
    let content = line.get(digits..)?.strip_prefix(". ")?;
    // Leading zeros are allowed: `007.` is 7.
    let number: u32 = line.get(..digits)?.parse().ok()?;
    Some(ListLine {
        ordered: true,
        number: Some(number),
        content,
    })
}

/// The code block opened by line `i`, and the line after its closing fence;
/// `None` if line `i` is no fence or no closing fence follows.
fn code_block_at(lines: &[&str], i: usize) -> Option<(Block, usize)> {
    let fence = fence_open(lines.get(i)?)?;
    let after_open = i + 1;
    let later = lines.get(after_open..)?;
    let close = after_open + later.iter().position(|&line| is_fence_end(line))?;
    let block = Block::CodeBlock {
        lang: fence.lang.map(str::to_owned),
        text: lines.get(after_open..close)?.join("\n"),
    };
    Some((block, close + 1))
}

/// The blocks so far, and the paragraph lines not yet made a block.
#[derive(Default)]
struct Blocks<'a> {
    blocks: Vec<Block>,
    paragraph: Vec<&'a str>,
}

impl<'a> Blocks<'a> {
    fn paragraph_line(&mut self, line: &'a str) {
        self.paragraph.push(line);
    }

    fn end_paragraph(&mut self) {
        if !self.paragraph.is_empty() {
            let children = parse_inline(&self.paragraph.join("\n"));
            self.blocks.push(Block::Paragraph { children });
            self.paragraph.clear();
        }
    }

    /// A block other than a paragraph: it ends the paragraph before it.
    fn push(&mut self, block: Block) {
        self.end_paragraph();
        self.blocks.push(block);
    }

    fn finish(mut self) -> Vec<Block> {
        self.end_paragraph();
        self.blocks
    }
}

/// The blocks of a body as typed (any line endings).
pub fn parse(input: &str) -> Vec<Block> {
    let normalised = input.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = normalised.split('\n').collect();
    let mut out = Blocks::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        // A fence with no closing fence below is read by the rules that follow.
        if let Some((code_block, next)) = code_block_at(&lines, i) {
            out.push(code_block);
            i = next;
            continue;
        }
        if quote_content(line).is_some() {
            let mut contents = Vec::new();
            while let Some(content) = lines.get(i).and_then(|&next| quote_content(next)) {
                contents.push(content);
                i += 1;
            }
            out.push(Block::Quote {
                children: parse_inline(&contents.join("\n")),
            });
            continue;
        }
        if let Some(first) = list_item(line) {
            let mut items = Vec::new();
            while let Some(item) = lines
                .get(i)
                .and_then(|&next| list_item(next))
                .filter(|item| item.ordered == first.ordered)
            {
                items.push(ListItem {
                    children: parse_inline(item.content),
                });
                i += 1;
            }
            out.push(Block::List {
                ordered: first.ordered,
                start: first.number,
                items,
            });
            continue;
        }
        out.paragraph_line(line);
        i += 1;
    }
    out.finish()
}
