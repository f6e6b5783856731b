//! `crates/domain/src/schema.rs` is Diesel's hand-kept view of `migrations/`.
//! Read against the migrated database's catalogue: every table and column it
//! declares exists there with that type and nullability, and every table the
//! migrations create is declared (or named below as reached by raw SQL only),
//! so a renamed or retyped column fails here instead of in a request.

use confab_testkit::TestDatabase;
use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::collections::{BTreeMap, BTreeSet};

const SCHEMA_RS: &str = include_str!("../../../domain/src/schema.rs");

/// Tables that only raw SQL touches (relay bookkeeping, Diesel's own).
const RAW_SQL_ONLY: [&str; 3] = [
    "__diesel_schema_migrations",
    "outbox_relay",
    "outbox_relay_progress",
];

/// Columns that only raw SQL touches: the search vector (Diesel has no
/// `tsvector` type; `messages::search` queries it in SQL).
const RAW_SQL_COLUMNS: [(&str, &str); 1] = [("messages", "search")];

/// table -> column -> (udt_name, nullable), as `schema.rs` declares them.
type Columns = BTreeMap<String, BTreeMap<String, (String, bool)>>;

/// The Postgres type name (`udt_name`) of a Diesel type, and whether it is
/// `Nullable<...>`.
fn postgres_type(diesel: &str) -> (String, bool) {
    let (inner, nullable) = match diesel.strip_prefix("Nullable<") {
        Some(rest) => (rest.strip_suffix('>').expect("closing >"), true),
        None => (diesel, false),
    };
    let name = |t: &str| -> String {
        match t {
            "Uuid" => "uuid",
            "Text" => "text",
            "Bool" => "bool",
            "Bytea" => "bytea",
            "Jsonb" => "jsonb",
            "Timestamptz" => "timestamptz",
            "Int2" | "SmallInt" => "int2",
            "Int4" | "Integer" => "int4",
            "Int8" | "BigInt" => "int8",
            other => panic!("schema.rs uses {other}; teach this test its Postgres name"),
        }
        .to_owned()
    };
    let udt = match inner.strip_prefix("Array<") {
        Some(rest) => format!("_{}", name(rest.strip_suffix('>').expect("closing >"))),
        None => name(inner),
    };
    (udt, nullable)
}

/// The `diesel::table!` blocks of `schema.rs`.
fn declared() -> Columns {
    let mut tables = Columns::new();
    let mut current: Option<String> = None;
    let mut expect_name = false;
    for line in SCHEMA_RS.lines().map(str::trim) {
        if line.starts_with("diesel::table!") {
            expect_name = true;
        } else if expect_name && !line.is_empty() {
            let name = line
                .split_whitespace()
                .next()
                .expect("table name")
                .to_owned();
            tables.entry(name.clone()).or_default();
            current = Some(name);
            expect_name = false;
        } else if let Some(table) = &current {
            if line == "}" {
                current = None;
            } else if let Some((column, diesel)) = line.split_once("->") {
                let diesel = diesel.trim().trim_end_matches(',');
                tables
                    .get_mut(table)
                    .expect("table")
                    .insert(column.trim().to_owned(), postgres_type(diesel));
            }
        }
    }
    tables
}

#[derive(QueryableByName)]
struct CatalogueColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    udt_name: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

async fn migrated() -> Columns {
    let database = TestDatabase::create().await;
    let mut conn = AsyncPgConnection::establish(database.url())
        .await
        .expect("database");
    let rows: Vec<CatalogueColumn> = diesel::sql_query(
        "SELECT c.table_name::text, c.column_name::text, c.udt_name::text, c.is_nullable::text
           FROM information_schema.columns c
           JOIN information_schema.tables t USING (table_schema, table_name)
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'",
    )
    .load(&mut conn)
    .await
    .expect("catalogue");
    let mut tables = Columns::new();
    for row in rows {
        if RAW_SQL_COLUMNS.contains(&(row.table_name.as_str(), row.column_name.as_str())) {
            continue;
        }
        tables
            .entry(row.table_name)
            .or_default()
            .insert(row.column_name, (row.udt_name, row.is_nullable == "YES"));
    }
    tables
}

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let declared = declared();
    assert!(
        declared.len() >= 20,
        "parsed only {} tables",
        declared.len()
    );
    let migrated = migrated().await;

    for (table, columns) in &declared {
        let actual = migrated
            .get(table)
            .unwrap_or_else(|| panic!("schema.rs declares {table}, which no migration creates"));
        assert_eq!(
            columns, actual,
            "table {table}: schema.rs (left) differs from the migrations (right)"
        );
    }
    let undeclared: BTreeSet<&str> = migrated
        .keys()
        .map(String::as_str)
        .filter(|t| !declared.contains_key(*t))
        .collect();
    assert_eq!(
        undeclared,
        BTreeSet::from(RAW_SQL_ONLY),
        "tables the migrations create that schema.rs does not declare"
    );
}

/// Every table keyed by a message or a thread carries the conversation, the
/// key a distributed Postgres would shard by (docs/scaling.md), so rows of
/// one conversation can live together.
#[tokio::test]
async fn every_table_of_messages_or_threads_carries_its_conversation() {
    let migrated = migrated().await;
    let keyed_by_message: Vec<&String> = migrated
        .iter()
        .filter(|(_, columns)| {
            columns.contains_key("message_id") || columns.contains_key("root_id")
        })
        .map(|(table, _)| table)
        .collect();
    assert!(
        keyed_by_message.len() >= 7,
        "found only {keyed_by_message:?}"
    );
    let without: Vec<&&String> = keyed_by_message
        .iter()
        .filter(|table| !migrated[table.as_str()].contains_key("conversation_id"))
        .collect();
    assert!(without.is_empty(), "no conversation_id: {without:?}");
}

/// What this release writes, and what the release before writes during a
/// rolling upgrade (rows without the column), both carry the conversation.
#[tokio::test]
async fn rows_written_with_or_without_the_conversation_carry_it() {
    let app = confab_testkit::TestApp::spawn().await;
    let ann = app.signup(&confab_testkit::TestApp::username("ann")).await;
    let bob = app.signup(&confab_testkit::TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let message = app.say(&ann, dm, "react to this").await;
    assert_eq!(
        app.client(&bob).react(dm, message.id, "👍").await.status,
        204
    );
    // As the release before inserts: no conversation_id.
    app.execute_sql(&format!(
        "INSERT INTO message_reactions (message_id, emoji, user_id) VALUES ('{}', '🎉', '{}')",
        message.id, ann.id
    ))
    .await;
    let carrying = app
        .count_rows(&format!(
            "SELECT count(*) AS n FROM message_reactions
              WHERE message_id = '{}' AND conversation_id = '{dm}'",
            message.id
        ))
        .await;
    assert_eq!(carrying, 2, "both reactions carry the DM");
}

#[test]
fn the_type_names_are_read_as_postgres_writes_them() {
    assert_eq!(postgres_type("Uuid"), ("uuid".to_owned(), false));
    assert_eq!(
        postgres_type("Nullable<Timestamptz>"),
        ("timestamptz".to_owned(), true)
    );
    assert_eq!(postgres_type("Array<Uuid>"), ("_uuid".to_owned(), false));
    assert_eq!(postgres_type("Nullable<Int8>"), ("int8".to_owned(), true));
}
