//! Every statement the services send as raw SQL (`diesel::sql_query`) is
//! prepared against the migrated database, so a renamed column or table, a
//! wrong type or a syntax error fails here, not in a request. The statements
//! are found in the sources: a literal, a `const` of the same file, or a
//! `format!` of a literal whose `{NAME}` placeholders are such constants. A
//! call site this reader cannot resolve fails the test too, so none is skipped
//! silently.

use confab_testkit::TestDatabase;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::path::{Path, PathBuf};

/// Statements Postgres cannot `PREPARE` (utility commands), by their first word.
const UTILITY: [&str; 4] = ["LISTEN", "NOTIFY", "VACUUM", "SET"];

struct Statement {
    at: String,
    sql: String,
}

#[tokio::test]
async fn every_raw_sql_statement_prepares_against_the_schema() {
    let statements = raw_statements();
    assert!(
        statements.len() >= 20,
        "the reader found only {} statements",
        statements.len()
    );
    let db = TestDatabase::create().await;
    let mut conn = AsyncPgConnection::establish(db.url()).await.unwrap();
    let mut failures = Vec::new();
    let mut prepared = 0;
    for (n, statement) in statements.iter().enumerate() {
        let first_word = statement.sql.split_whitespace().next().unwrap_or_default();
        if UTILITY.contains(&first_word.to_uppercase().as_str()) {
            continue;
        }
        let prepare = format!("PREPARE raw_sql_check_{n} AS {}", statement.sql);
        match diesel::sql_query(prepare).execute(&mut conn).await {
            Ok(_) => prepared += 1,
            Err(e) => failures.push(format!("{}: {e}\n{}", statement.at, statement.sql)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(prepared >= 15, "only {prepared} statements were prepared");
}

#[test]
fn the_reader_resolves_literals_constants_and_formats() {
    let source = r#"
        const TABLE: &str = "outbox";
        const LOCK: i64 = 0x0C0F_AB00_0002;
        fn a() { diesel::sql_query("SELECT 1 FROM \"users\""); }
        fn b() { diesel::sql_query(format!("SELECT pg_try_advisory_lock({LOCK}) FROM {TABLE}")); }
        fn c() { diesel::sql_query(TABLE); }
    "#;
    let found: Vec<String> = statements_in(source, "test.rs")
        .into_iter()
        .map(|s| s.expect("resolved").sql)
        .collect();
    assert_eq!(
        found,
        [
            "SELECT 1 FROM \"users\"",
            "SELECT pg_try_advisory_lock(13261432946690) FROM outbox",
            "outbox",
        ]
    );
}

/// Every `sql_query(...)` in the services' sources.
fn raw_statements() -> Vec<Statement> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut statements = Vec::new();
    let mut unresolved = Vec::new();
    for service in ["domain", "api", "gateway", "web"] {
        for file in rust_files(&crates.join(service).join("src")) {
            let text = std::fs::read_to_string(&file).unwrap();
            let name = file.strip_prefix(&crates).unwrap().display().to_string();
            for found in statements_in(&text, &name) {
                match found {
                    Ok(statement) => statements.push(statement),
                    Err(at) => unresolved.push(at),
                }
            }
        }
    }
    assert!(
        unresolved.is_empty(),
        "raw SQL this test cannot read (use a literal, a const or format! of consts): {unresolved:?}"
    );
    statements
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The statements of one file; `Err(location)` for a call it cannot resolve.
fn statements_in(text: &str, file: &str) -> Vec<Result<Statement, String>> {
    let mut found = Vec::new();
    for (offset, _) in text.match_indices("sql_query(") {
        let line = text[..offset].lines().count();
        let at = format!("{file}:{line}");
        let argument = text[offset + "sql_query(".len()..].trim_start();
        let sql = if let Some(literal) = string_literal(argument) {
            Some(literal)
        } else if let Some(format) = argument.strip_prefix("format!(") {
            string_literal(format.trim_start()).and_then(|f| fill_placeholders(&f, text))
        } else {
            let name = identifier(argument);
            constant(text, &name)
        };
        found.push(
            sql.map(|sql| Statement {
                at: at.clone(),
                sql,
            })
            .ok_or(at),
        );
    }
    found
}

/// The value of a string or integer `const NAME` of the file, as SQL text.
fn constant(text: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let declaration = text.split(&format!("const {name}: ")).nth(1)?;
    let value = declaration.split_once('=')?.1.trim_start();
    if let Some(literal) = string_literal(value) {
        return Some(literal);
    }
    let number: String = value
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .filter(|c| *c != '_')
        .collect();
    let parsed = match number.strip_prefix("0x") {
        Some(hex) => i64::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    Some(parsed.to_string())
}

/// `{NAME}` placeholders replaced by the file's constants; None if any is not one.
fn fill_placeholders(format: &str, text: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(escaped) = after.strip_prefix('{') {
            out.push('{');
            rest = escaped;
            continue;
        }
        let close = after.find('}')?;
        out.push_str(&constant(text, &after[..close])?);
        rest = &after[close + 1..];
    }
    out.push_str(&rest.replace("}}", "}"));
    Some(out)
}

/// A Rust string literal at the start of `text` (plain or raw), unescaped.
fn string_literal(text: &str) -> Option<String> {
    if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.chars().take_while(|c| *c == '#').count();
        let body = raw[hashes..].strip_prefix('"')?;
        let end = body.find(&format!("\"{}", "#".repeat(hashes)))?;
        return Some(body[..end].to_owned());
    }
    let body = text.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\n' => {
                    // A line continuation: the newline and the next line's indent go.
                    let rest: String = chars.clone().collect();
                    let skipped = rest.len() - rest.trim_start().len();
                    for _ in 0..rest[..skipped].chars().count() {
                        chars.next();
                    }
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}
