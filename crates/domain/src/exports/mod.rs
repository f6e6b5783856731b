//! A user's data, exported: an archive (zip) of their profile, friends,
//! conversations with the messages they wrote, and the media they uploaded,
//! built in the background; the owner is notified when it is ready.

mod archive;
mod gather;

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::media::MediaStore;
use crate::notifications::{self, Kind as NotificationKind};
use crate::schema::data_exports;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// How long a ready archive is kept for download.
const KEEP_DAYS: i64 = 7;

/// An export that has been building this long is taken as lost (its process
/// stopped) and may be started again.
const STALE_AFTER_MINUTES: i64 = 30;

/// One export as its owner sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DataExport {
    pub id: Uuid,
    #[schema(schema_with = statuses)]
    pub status: String,
    /// The archive's size once ready.
    pub size_bytes: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Where to download the archive once ready (with the bearer token).
    pub download_url: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = data_exports)]
struct Row {
    id: Uuid,
    status: String,
    size_bytes: Option<i64>,
    created_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
}

impl From<Row> for DataExport {
    fn from(row: Row) -> Self {
        Self {
            download_url: (row.status == "ready").then(|| crate::urls::data_export(row.id)),
            id: row.id,
            status: row.status,
            size_bytes: row.size_bytes,
            created_at: row.created_at,
            finished_at: row.finished_at,
        }
    }
}

/// The user's exports, newest first. One that has been building for too
/// long (its process stopped) is marked failed first.
pub async fn list(conn: &mut AsyncPgConnection, user: Uuid) -> Result<Vec<DataExport>> {
    diesel::update(
        data_exports::table
            .filter(data_exports::user_id.eq(user))
            .filter(data_exports::status.eq("building"))
            .filter(
                data_exports::created_at.lt(Utc::now() - Duration::minutes(STALE_AFTER_MINUTES)),
            ),
    )
    .set((
        data_exports::status.eq("failed"),
        data_exports::finished_at.eq(Utc::now()),
    ))
    .execute(conn)
    .await?;
    let rows: Vec<Row> = data_exports::table
        .filter(data_exports::user_id.eq(user))
        .order(data_exports::created_at.desc())
        .limit(10)
        .select(Row::as_select())
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(DataExport::from).collect())
}

/// A ready export of the user's: 409 `not_ready` while it is being built, 404
/// when there is none (or it failed).
pub async fn ready(conn: &mut AsyncPgConnection, user: Uuid, id: Uuid) -> Result<DataExport> {
    let row: Row = data_exports::table
        .filter(data_exports::id.eq(id))
        .filter(data_exports::user_id.eq(user))
        .select(Row::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("export"))?;
    match row.status.as_str() {
        "ready" => Ok(row.into()),
        "building" => Err(Error::new(
            ErrorCode::NotReady,
            "the export is still being built; a notification says when it is ready",
        )),
        _ => Err(Error::not_found("export")),
    }
}

/// The user's newest export that is building or ready (a failed one does not
/// count), if any.
pub async fn current(conn: &mut AsyncPgConnection, user: Uuid) -> Result<Option<DataExport>> {
    let row: Option<Row> =
        data_exports::table
            .filter(data_exports::user_id.eq(user))
            .filter(data_exports::status.ne("failed"))
            .filter(data_exports::status.eq("ready").or(
                data_exports::created_at.gt(Utc::now() - Duration::minutes(STALE_AFTER_MINUTES)),
            ))
            .order(data_exports::created_at.desc())
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?;
    Ok(row.map(DataExport::from))
}

/// Starts building an export for `user`: one at a time.
pub async fn start(
    pool: crate::db::DbPool,
    waker: crate::events::relay::OutboxWaker,
    store: MediaStore,
    user: Uuid,
) -> Result<DataExport> {
    let mut conn = pool.get().await?;
    let building: Option<Uuid> = data_exports::table
        .filter(data_exports::user_id.eq(user))
        .filter(data_exports::status.eq("building"))
        .filter(data_exports::created_at.gt(Utc::now() - Duration::minutes(STALE_AFTER_MINUTES)))
        .select(data_exports::id)
        .first(&mut conn)
        .await
        .optional()?;
    if building.is_some() {
        return Err(Error::new(
            ErrorCode::ExportInProgress,
            "an export is being built; you will be notified when it is ready",
        ));
    }
    let row: Row = diesel::insert_into(data_exports::table)
        .values((
            data_exports::id.eq(Uuid::now_v7()),
            data_exports::user_id.eq(user),
            data_exports::status.eq("building"),
        ))
        .returning(Row::as_returning())
        .get_result(&mut conn)
        .await?;
    drop(conn);
    let id = row.id;
    tokio::spawn(async move {
        let outcome = build(&pool, &store, user, id).await;
        if let Err(e) = finish(&pool, user, id, outcome).await {
            tracing::error!(error = %e, export_id = %id, "export outcome not recorded");
        }
        waker.wake();
    });
    Ok(row.into())
}

/// Gathers the data and writes the archive; its size.
async fn build(pool: &crate::db::DbPool, store: &MediaStore, user: Uuid, id: Uuid) -> Result<i64> {
    let contents = {
        let mut conn = pool.get().await?;
        gather::contents(&mut conn, user).await?
    };
    let store = store.clone();
    tokio::task::spawn_blocking(move || archive::write(&store, id, contents))
        .await
        .map_err(Error::internal)?
}

async fn finish(
    pool: &crate::db::DbPool,
    user: Uuid,
    id: Uuid,
    outcome: Result<i64>,
) -> Result<()> {
    let mut conn = pool.get().await?;
    let now = Utc::now();
    match outcome {
        Ok(size) => {
            use diesel_async::AsyncConnection;
            conn.transaction::<_, Error, _>(async |conn| {
                diesel::update(data_exports::table.find(id))
                    .set((
                        data_exports::status.eq("ready"),
                        data_exports::size_bytes.eq(size),
                        data_exports::finished_at.eq(now),
                    ))
                    .execute(conn)
                    .await?;
                notifications::create_about_account(
                    conn,
                    user,
                    NotificationKind::ExportReady,
                    serde_json::json!({ "export_id": id, "download_url": crate::urls::data_export(id) }),
                )
                .await
            })
            .await
        }
        Err(e) => {
            tracing::error!(error = %e, export_id = %id, "export failed");
            use diesel_async::AsyncConnection;
            conn.transaction::<_, Error, _>(async |conn| {
                diesel::update(data_exports::table.find(id))
                    .set((
                        data_exports::status.eq("failed"),
                        data_exports::finished_at.eq(now),
                    ))
                    .execute(conn)
                    .await?;
                notifications::create_about_account(
                    conn,
                    user,
                    NotificationKind::ExportFailed,
                    serde_json::json!({ "export_id": id }),
                )
                .await
            })
            .await
        }
    }
}

/// Removes exports older than a week (rows, then archives), every `every`.
pub fn spawn_expiry(pool: crate::db::DbPool, store: MediaStore, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match remove_expired(&pool, &store).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "removed expired data exports"),
                Err(e) => tracing::warn!(error = %e, "data export clean-up failed"),
            }
        }
    });
}

async fn remove_expired(pool: &crate::db::DbPool, store: &MediaStore) -> Result<usize> {
    let mut conn = pool.get().await?;
    let removed: Vec<Uuid> = diesel::delete(
        data_exports::table
            .filter(data_exports::created_at.lt(Utc::now() - Duration::days(KEEP_DAYS))),
    )
    .returning(data_exports::id)
    .get_results(&mut conn)
    .await?;
    for id in &removed {
        // Missing files (a failed build) are fine.
        let _ = tokio::fs::remove_file(store.export(*id)).await;
    }
    Ok(removed.len())
}

fn statuses() -> utoipa::openapi::schema::Object {
    crate::text::one_of("Where the export is.", &["building", "ready", "failed"])
}
