//! The background job that finishes uploads: image thumbnails and dimensions,
//! audio durations and waveforms, video durations. Decoding a large photo takes a core for a while, so it
//! runs on the blocking pool, a few at a time, never on a request's path; the
//! uploader (and whoever already sees it in a conversation) learns the result
//! from a `media.updated` event.

use super::{Media, MediaRow, MediaStore};
use super::{metadata, waveform};
use crate::db::DbPool;
use crate::error::{Error, Result};
use crate::events::relay::OutboxWaker;
use crate::events::{self, Payload};
use crate::schema::media;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use std::sync::Arc;
use tokio::sync::{Semaphore, mpsc};
use uuid::Uuid;

/// How processing ends, as the file's status and `media_processed_total`'s
/// `status` label: usable, or not.
pub(crate) const PROCESSED_STATUSES: [&str; 2] = [READY, FAILED];
const READY: &str = "ready";
const FAILED: &str = "failed";

#[derive(Default)]
struct Processed {
    dimensions: Option<(u32, u32)>,
    duration_ms: Option<i64>,
    waveform: Option<Vec<u8>>,
}

/// Audio's length and waveform from decoding it. Audio we cannot decode may
/// still play in a browser, so it stays usable, with the length its header
/// states (if any) and no waveform.
fn listened(id: Uuid, source: &std::path::Path, mime: &str) -> Processed {
    match waveform::listen(source, mime) {
        Ok(heard) => Processed {
            duration_ms: Some(heard.duration_ms),
            waveform: Some(heard.waveform),
            ..Processed::default()
        },
        Err(e) => {
            tracing::info!(error = %e, media_id = %id, "audio could not be decoded");
            Processed {
                duration_ms: metadata::duration_ms(source, mime),
                ..Processed::default()
            }
        }
    }
}

#[derive(Clone)]
pub struct MediaProcessor {
    jobs: mpsc::UnboundedSender<Uuid>,
    worker: Arc<Worker>,
}

struct Worker {
    pool: DbPool,
    store: MediaStore,
    waker: OutboxWaker,
    thumbnail_px: u32,
    slots: Arc<Semaphore>,
}

impl MediaProcessor {
    /// Starts the job; media left `processing` by a previous run are queued again.
    pub fn spawn(
        pool: DbPool,
        store: MediaStore,
        waker: OutboxWaker,
        thumbnail_px: u32,
        workers: usize,
    ) -> Self {
        let (jobs, mut queue) = mpsc::unbounded_channel::<Uuid>();
        let worker = Arc::new(Worker {
            pool,
            store,
            waker,
            thumbnail_px,
            slots: Arc::new(Semaphore::new(workers.max(1))),
        });
        let resume = jobs.clone();
        let first = worker.clone();
        let kept = worker.clone();
        tokio::spawn(async move {
            match first.unfinished().await {
                Ok(ids) => {
                    for id in ids {
                        let _ = resume.send(id);
                    }
                }
                Err(e) => tracing::warn!(error = %e, "media: unfinished uploads not requeued"),
            }
        });
        tokio::spawn(async move {
            while let Some(id) = queue.recv().await {
                let Ok(slot) = worker.slots.clone().acquire_owned().await else {
                    return;
                };
                let worker = worker.clone();
                tokio::spawn(async move {
                    if let Err(e) = worker.process(id).await {
                        tracing::warn!(error = %e, media_id = %id, "media processing failed");
                    }
                    drop(slot);
                });
            }
        });
        Self { jobs, worker: kept }
    }

    pub fn enqueue(&self, id: Uuid) {
        let _ = self.jobs.send(id);
    }

    /// Processes the medium in the caller's task (taking one of the same
    /// slots), for a background job that needs the result before going on.
    pub async fn process_now(&self, id: Uuid) -> Result<()> {
        let _slot = self.worker.slots.acquire().await.map_err(Error::internal)?;
        self.worker.process(id).await
    }
}

impl Worker {
    async fn unfinished(&self) -> Result<Vec<Uuid>> {
        let mut conn = self.pool.get().await?;
        Ok(media::table
            .filter(media::status.eq("processing"))
            .select(media::id)
            .load(&mut conn)
            .await?)
    }

    async fn process(&self, id: Uuid) -> Result<()> {
        let row: MediaRow = {
            let mut conn = self.pool.get().await?;
            media::table
                .find(id)
                .select(MediaRow::as_select())
                .first(&mut conn)
                .await?
        };
        let (source, target) = (self.store.original(id), self.store.thumbnail(id));
        let (kind, mime, px) = (row.kind.clone(), row.mime.clone(), self.thumbnail_px);
        let outcome = tokio::task::spawn_blocking(move || match kind.as_str() {
            "image" => metadata::thumbnail(&source, &target, px).map(|(w, h)| Processed {
                dimensions: Some((w, h)),
                ..Processed::default()
            }),
            "audio" => Ok(listened(id, &source, &mime)),
            _ => Ok(Processed {
                duration_ms: metadata::duration_ms(&source, &mime),
                ..Processed::default()
            }),
        })
        .await
        .map_err(Error::internal)?;
        let (status, processed) = match outcome {
            Ok(processed) => (READY, processed),
            Err(e) => {
                tracing::info!(error = %e, media_id = %id, "media could not be processed");
                (FAILED, Processed::default())
            }
        };
        let Processed {
            dimensions,
            duration_ms: duration,
            waveform,
        } = processed;
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(async |conn| {
            let updated: MediaRow = diesel::update(media::table.find(id))
                .set((
                    media::status.eq(status),
                    media::width.eq(dimensions.map(|d| d.0 as i32)),
                    media::height.eq(dimensions.map(|d| d.1 as i32)),
                    media::duration_ms.eq(duration),
                    media::waveform.eq(waveform),
                    media::has_thumbnail.eq(dimensions.is_some()),
                ))
                .returning(MediaRow::as_returning())
                .get_result(conn)
                .await?;
            let view = Media::from(&updated);
            events::enqueue(conn, Payload::MediaUpdated(view)).await
        })
        .await?;
        self.waker.wake();
        metrics::counter!("media_processed_total", "status" => status).increment(1);
        Ok(())
    }
}
