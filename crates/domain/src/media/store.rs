//! Where media files live: `<dir>/<two hex digits>/<id>` and `<id>.thumb.jpg`,
//! named by the row's id only, so no user input ever reaches a path. Uploads
//! are written to `<dir>/tmp/` first and renamed into place once complete.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct MediaStore {
    dir: PathBuf,
}

impl MediaStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Creates the directory (and the temporary area) if missing.
    pub fn prepare(&self) -> Result<()> {
        std::fs::create_dir_all(self.dir.join("tmp"))
            .map_err(|e| Error::internal(format!("media dir {}: {e}", self.dir.display())))
    }

    fn shard(id: Uuid) -> String {
        id.simple().to_string()[30..].to_owned()
    }

    /// The path under the media directory (what an X-Accel location appends).
    pub fn relative(id: Uuid) -> String {
        format!("{}/{id}", Self::shard(id))
    }

    pub fn relative_thumbnail(id: Uuid) -> String {
        format!("{}/{id}.thumb.jpg", Self::shard(id))
    }

    pub fn original(&self, id: Uuid) -> PathBuf {
        self.dir.join(Self::relative(id))
    }

    pub fn thumbnail(&self, id: Uuid) -> PathBuf {
        self.dir.join(Self::relative_thumbnail(id))
    }

    /// A data export's archive, under the media directory.
    pub fn relative_export(id: Uuid) -> String {
        format!("exports/{id}.zip")
    }

    pub fn export(&self, id: Uuid) -> PathBuf {
        self.dir.join(Self::relative_export(id))
    }

    pub fn temporary(&self, id: Uuid) -> PathBuf {
        self.dir.join("tmp").join(format!("{id}.part"))
    }

    /// Moves a finished upload into place.
    pub async fn commit(&self, id: Uuid, temporary: &Path) -> Result<()> {
        let target = self.original(id);
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(io)?;
        }
        tokio::fs::rename(temporary, &target).await.map_err(io)
    }

    /// Removes a medium's files (missing ones are fine).
    pub async fn remove(&self, id: Uuid) {
        for path in [self.original(id), self.thumbnail(id)] {
            let _ = tokio::fs::remove_file(path).await;
        }
    }
}

impl MediaStore {
    /// Deletes partial uploads older than `age` (an upload in progress keeps
    /// writing its file, so its modification time stays fresh).
    pub async fn remove_stale_temporaries(&self, age: std::time::Duration) {
        let Ok(mut entries) = tokio::fs::read_dir(self.dir.join("tmp")).await else {
            return;
        };
        while let Ok(Some(entry)) = entries.next_entry().await {
            let stale = entry
                .metadata()
                .await
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|elapsed| elapsed > age);
            if stale {
                let _ = tokio::fs::remove_file(entry.path()).await;
            }
        }
    }
}

pub(super) fn io(e: std::io::Error) -> Error {
    Error::internal(format!("media storage: {e}"))
}
