//! The domain crate's modules form layers: no two top-level modules import each
//! other, directly or around a loop, and `access` (the one place of the access
//! rules) imports no entity module. Read from the sources, as `use crate::…`
//! and `crate::…` paths outside `#[cfg(test)]` code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = module_graph();
    let mut cycles = Vec::new();
    for start in graph.keys() {
        if let Some(cycle) = cycle_through(&graph, start) {
            cycles.push(cycle.join(" -> "));
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn access_imports_no_entity_module() {
    let graph = module_graph();
    let imports = graph.get("access").expect("the access module");
    let allowed: BTreeSet<String> = ["error", "schema"].map(String::from).into();
    assert!(
        imports.is_subset(&allowed),
        "access imports {imports:?}; it may use only {allowed:?}"
    );
}

/// The modules that own a kind of thing and its storage.
const ENTITIES: &[&str] = &[
    "auth",
    "conversations",
    "friends",
    "groups",
    "media",
    "messages",
    "notifications",
    "presence",
    "users",
];

#[test]
fn the_event_catalogue_and_the_wire_models_import_no_entity_module() {
    let graph = module_graph();
    for module in ["events", "models"] {
        let entities: Vec<&String> = graph[module]
            .iter()
            .filter(|m| ENTITIES.contains(&m.as_str()))
            .collect();
        assert!(entities.is_empty(), "{module} imports {entities:?}");
    }
}

#[test]
fn the_graph_is_read_from_real_imports() {
    // Guards the reader itself: these edges exist, so an empty graph is a bug.
    let graph = module_graph();
    assert!(graph["messages"].contains("access"));
    assert!(graph["groups"].contains("messages"));
    assert!(graph["conversations"].contains("messages"));
}

/// A path from `start` back to itself, if there is one.
fn cycle_through(graph: &Graph, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().expect("a path is never empty");
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

/// Top-level module → the other top-level modules it imports.
fn module_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = Graph::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).expect("under src");
        let module = top_level_module(relative);
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let imports = graph.entry(module.clone()).or_default();
        for name in crate_paths(code) {
            if name != module {
                imports.insert(name);
            }
        }
    }
    graph
}

fn top_level_module(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .expect("a file under src")
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The first segment after every `crate::`, and each first segment of a
/// `crate::{a, b::c, …}` group.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            names.extend(group_heads(group));
        } else {
            names.insert(identifier(rest));
        }
    }
    names.retain(|name| !name.is_empty());
    names
}

/// The leading identifiers of a brace group's items, up to its closing brace.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut at_item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            c if c.is_whitespace() => {}
            _ if at_item_start && depth == 0 => {
                heads.push(identifier(&group[i..]));
                at_item_start = false;
            }
            _ => {}
        }
    }
    heads
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}
