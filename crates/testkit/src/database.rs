//! A fresh database per test. Migrating a database takes a while; copying a
//! migrated template is quick, so the template is migrated once per migration set
//! and every test database is `CREATE DATABASE ... TEMPLATE` of it.

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::hash::{Hash, Hasher};
use std::path::Path;
use uuid::Uuid;

pub struct TestDatabase {
    name: String,
    url: String,
    /// The server's admin URL, to drop it from.
    admin: String,
}

/// The name prefix scripts/test sweeps away before a run.
const PREFIX: &str = "confab_test_";

impl TestDatabase {
    pub async fn create() -> Self {
        Self::create_on(&crate::admin_database_url()).await
    }

    /// A fresh database on the server of `admin_url` (any database on it).
    pub async fn create_on(admin_url: &str) -> Self {
        let template = ensure_template(admin_url).await;
        let name = format!("{PREFIX}{}", Uuid::new_v4().simple());
        let mut admin = connect(admin_url).await;
        diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        let url = with_database(admin_url, &name);
        Self {
            name,
            url,
            admin: admin_url.to_owned(),
        }
    }

    /// Whether it was made on the server the test run was given.
    pub fn is_on_run_server(&self) -> bool {
        self.admin == crate::admin_database_url()
    }

    /// This database on another server (a replica), given its admin URL.
    pub fn url_on(&self, admin_url: &str) -> String {
        with_database(admin_url, &self.name)
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Drop is synchronous and may run inside a runtime: do the async work on a
        // thread of its own.
        let name = self.name.clone();
        let admin_url = self.admin.clone();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                if let Ok(mut admin) = AsyncPgConnection::establish(&admin_url).await {
                    let _ =
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut admin)
                            .await;
                }
            });
        })
        .join();
    }
}

async fn connect(url: &str) -> AsyncPgConnection {
    AsyncPgConnection::establish(url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to test Postgres at {url}: {e} (run scripts/test, or set CONFAB_TEST_DATABASE_URL)"))
}

fn with_database(url: &str, database: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("database URL has a path");
    format!("{base}/{database}")
}

/// Makes sure the template for the current migrations exists; returns its name.
async fn ensure_template(admin_url: &str) -> String {
    let template = format!("{PREFIX}tmpl_{:016x}", migrations_fingerprint());
    let mut admin = connect(admin_url).await;
    // Tests in other processes may be doing the same right now: take turns.
    diesel::sql_query("SELECT pg_advisory_lock(7422180001)")
        .execute(&mut admin)
        .await
        .expect("lock");
    if !database_exists(&mut admin, &template).await {
        let building = format!("{template}_wip");
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
            .execute(&mut admin)
            .await
            .expect("drop half-built template");
        diesel::sql_query(format!("CREATE DATABASE {building}"))
            .execute(&mut admin)
            .await
            .expect("create template");
        confab_domain::db::run_migrations(&with_database(admin_url, &building))
            .await
            .expect("migrate template");
        // Renaming last means a template that exists is always complete.
        diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {template}"))
            .execute(&mut admin)
            .await
            .expect("publish template");
    }
    diesel::sql_query("SELECT pg_advisory_unlock(7422180001)")
        .execute(&mut admin)
        .await
        .expect("unlock");
    template
}

async fn database_exists(conn: &mut AsyncPgConnection, name: &str) -> bool {
    use diesel::sql_types::{BigInt, Text};
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let count: Count =
        diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
            .bind::<Text, _>(name)
            .get_result(conn)
            .await
            .expect("query pg_database");
    count.n > 0
}

/// Changes whenever a migration file does, so an edited migration gets a new template.
fn migrations_fingerprint() -> u64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    hasher.finish()
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(&path, out);
            } else {
                out.push(path);
            }
        }
    }
}
