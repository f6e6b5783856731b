//! The shared formatting corpus (docs/formatting-corpus.json): the web app's
//! parser passes it too, so a body means the same on the server (mentions,
//! search, excerpts) as on the screen. Every case must give exactly its tree
//! and its plain text; all failures are reported together.

use confab_domain::messages::format::{Block, parse, plain};
use serde::Deserialize;
use serde_json::Value;

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/formatting-corpus.json"
));

#[derive(Deserialize)]
struct Case {
    name: String,
    input: String,
    plain: String,
    tree: Vec<Block>,
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("a tree serialises")
}

#[test]
fn every_case_gives_its_tree_and_its_plain_text() {
    let cases: Vec<Case> = serde_json::from_str(CORPUS).expect("the corpus is a list of cases");
    assert!(!cases.is_empty(), "the corpus has no cases");
    let mut failures = Vec::new();
    for case in &cases {
        let tree = parse(&case.input);
        if tree != case.tree {
            failures.push(format!(
                "{}: tree\n  got:  {}\n  want: {}",
                case.name,
                json(&tree),
                json(&case.tree)
            ));
        }
        let text = plain(&case.input);
        if text != case.plain {
            failures.push(format!(
                "{}: plain\n  got:  {text:?}\n  want: {:?}",
                case.name, case.plain
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The tree's JSON is the corpus's, key for key: every key present, `null`
/// for an absent `lang` or `start` (comparing parsed trees would not see a
/// key the serialiser drops or adds).
#[test]
fn trees_serialise_to_the_corpus_json() {
    let cases: Vec<Value> = serde_json::from_str(CORPUS).expect("the corpus is a list of cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("(unnamed)");
        let input = case["input"].as_str().expect("every case has an input");
        let got = serde_json::to_value(parse(input)).expect("a tree serialises");
        if got != case["tree"] {
            failures.push(format!("{name}\n  got:  {got}\n  want: {}", case["tree"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
