//! Removing uploads nobody attached to anything within the configured time, and
//! temporary files a crash left behind. Safe with several API processes: each
//! row is deleted by exactly one of them.

use super::MediaStore;
use crate::db::DbPool;
use crate::error::Result;
use diesel_async::RunQueryDsl;
use std::time::Duration;
use uuid::Uuid;

pub fn spawn_cleanup(pool: DbPool, store: MediaStore, ttl: Duration, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match remove_orphans(&pool, &store, ttl).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "removed unattached uploads"),
                Err(e) => tracing::warn!(error = %e, "media clean-up failed"),
            }
        }
    });
}

#[derive(diesel::QueryableByName)]
struct Removed {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
}

/// Deletes expired unattached uploads (rows, then files); returns how many.
pub async fn remove_orphans(pool: &DbPool, store: &MediaStore, ttl: Duration) -> Result<usize> {
    let mut conn = pool.get().await?;
    let mut total = 0;
    loop {
        let removed: Vec<Removed> = diesel::sql_query(
            "DELETE FROM media WHERE id IN (
                 SELECT id FROM media
                  WHERE attached_at IS NULL AND created_at < now() - make_interval(secs => $1)
                  LIMIT 500 FOR UPDATE SKIP LOCKED)
             RETURNING id",
        )
        .bind::<diesel::sql_types::Double, _>(ttl.as_secs_f64())
        .load(&mut conn)
        .await?;
        for row in &removed {
            store.remove(row.id).await;
        }
        total += removed.len();
        if removed.len() < 500 {
            break;
        }
    }
    store
        .remove_stale_temporaries(ttl.max(Duration::from_secs(3600)))
        .await;
    Ok(total)
}
