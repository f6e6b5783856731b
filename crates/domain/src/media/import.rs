//! Images the server fetches itself (a link preview's picture) are kept exactly
//! like uploads: sniffed, held to the image size limit, stripped of EXIF,
//! stored, thumbnailed, and served from here with the same access rule.

use super::upload::{Limits, UploadWriter};
use super::{Media, MediaKind, MediaProcessor, MediaRow, MediaStore};
use crate::db::DbPool;
use crate::error::{Error, ErrorCode, Result};
use crate::schema::media;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// Where fetched images go, and how large they may be.
#[derive(Clone)]
pub struct ImageImporter {
    pub pool: DbPool,
    pub store: MediaStore,
    pub processor: MediaProcessor,
    pub max_bytes: u64,
}

impl ImageImporter {
    /// Stores `bytes` as an image owned by `owner`, already counted as in use
    /// (so the orphan clean-up leaves it), and waits for its thumbnail. An
    /// image that does not decode is an error, and left to the clean-up.
    pub async fn import(&self, owner: Uuid, bytes: &[u8]) -> Result<Media> {
        let images_only = Limits {
            image: self.max_bytes,
            audio: 0,
            video: 0,
        };
        let mut writer = UploadWriter::begin(&self.store, images_only).await?;
        writer.write(bytes).await?;
        let finished = writer.finish().await?;
        if finished.sniffed.kind != MediaKind::Image {
            self.store.remove(finished.id).await;
            return Err(Error::new(ErrorCode::UnsupportedMediaType, "not an image"));
        }
        {
            let mut conn = self.pool.get().await?;
            super::insert(&mut conn, owner, &finished).await?;
            diesel::update(media::table.find(finished.id))
                .set(media::attached_at.eq(diesel::dsl::now))
                .execute(&mut conn)
                .await?;
        }
        self.processor.process_now(finished.id).await?;
        let mut conn = self.pool.get().await?;
        let row: MediaRow = media::table
            .find(finished.id)
            .select(MediaRow::as_select())
            .first(&mut conn)
            .await?;
        if row.status != "ready" {
            diesel::update(media::table.find(finished.id))
                .set(media::attached_at.eq(None::<chrono::DateTime<chrono::Utc>>))
                .execute(&mut conn)
                .await?;
            return Err(Error::new(
                ErrorCode::UnsupportedMediaType,
                "the image could not be decoded",
            ));
        }
        Ok(Media::from(&row))
    }
}
