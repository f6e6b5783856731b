//! Receiving an upload: chunks are streamed to a temporary file (never held
//! whole in memory), the type is sniffed from the first bytes, the size limit
//! of that kind is enforced as bytes arrive, and the content is hashed. A
//! writer dropped before `finish` (a refused or broken upload) removes its file.

use super::sniff::{MediaKind, SNIFF_BYTES, Sniffed, sniff};
use super::store::{MediaStore, io};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::settings::MediaSettings;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

/// Size limits per kind.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub image: u64,
    pub audio: u64,
    pub video: u64,
}

impl Limits {
    pub fn from_settings(s: &MediaSettings) -> Self {
        Self {
            image: s.image_max_bytes,
            audio: s.audio_max_bytes,
            video: s.video_max_bytes,
        }
    }

    fn of(&self, kind: MediaKind) -> u64 {
        match kind {
            MediaKind::Image => self.image,
            MediaKind::Audio => self.audio,
            MediaKind::Video => self.video,
        }
    }

    fn largest(&self) -> u64 {
        self.image.max(self.audio).max(self.video)
    }
}

/// A complete upload, in place under its id.
#[derive(Debug, Clone)]
pub struct Finished {
    pub id: Uuid,
    pub sniffed: Sniffed,
    pub size: u64,
    pub sha256: Vec<u8>,
}

pub struct UploadWriter {
    store: MediaStore,
    limits: Limits,
    id: Uuid,
    path: PathBuf,
    file: tokio::fs::File,
    head: Vec<u8>,
    sniffed: Option<Sniffed>,
    size: u64,
    hasher: Sha256,
    kept: bool,
}

fn too_large(limit: u64) -> Error {
    Error::new(
        ErrorCode::FileTooLarge,
        format!("files of this kind may be at most {limit} bytes"),
    )
}

impl UploadWriter {
    pub async fn begin(store: &MediaStore, limits: Limits) -> Result<Self> {
        let id = Uuid::now_v7();
        let path = store.temporary(id);
        let file = tokio::fs::File::create(&path).await.map_err(io)?;
        Ok(Self {
            store: store.clone(),
            limits,
            id,
            path,
            file,
            head: Vec::with_capacity(SNIFF_BYTES),
            sniffed: None,
            size: 0,
            hasher: Sha256::new(),
            kept: false,
        })
    }

    fn limit(&self) -> u64 {
        self.sniffed
            .map_or(self.limits.largest(), |s| self.limits.of(s.kind))
    }

    /// Takes the next chunk; fails (and the file goes) on a refused type or size.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<()> {
        self.size += chunk.len() as u64;
        if self.sniffed.is_none() {
            let wanted = SNIFF_BYTES - self.head.len();
            self.head
                .extend_from_slice(&chunk[..wanted.min(chunk.len())]);
            if self.head.len() >= SNIFF_BYTES {
                self.sniffed = Some(sniff(&self.head)?);
            }
        }
        if self.size > self.limit() {
            return Err(too_large(self.limit()));
        }
        self.hasher.update(chunk);
        self.file.write_all(chunk).await.map_err(io)
    }

    /// Completes the upload: strips location metadata from images and moves
    /// the file into place.
    pub async fn finish(mut self) -> Result<Finished> {
        let sniffed = match self.sniffed {
            Some(s) => s,
            None => sniff(&self.head)?,
        };
        if self.size > self.limits.of(sniffed.kind) {
            return Err(too_large(self.limits.of(sniffed.kind)));
        }
        self.file.flush().await.map_err(io)?;
        self.file.sync_all().await.map_err(io)?;
        let mut size = self.size;
        let mut sha256 = self.hasher.clone().finalize().to_vec();
        if sniffed.kind == MediaKind::Image {
            let (path, mime) = (self.path.clone(), sniffed.mime);
            if let Some((stripped_size, stripped_hash)) =
                tokio::task::spawn_blocking(move || super::metadata::strip(&path, mime))
                    .await
                    .map_err(Error::internal)??
            {
                size = stripped_size;
                sha256 = stripped_hash;
            }
        }
        self.store.commit(self.id, &self.path).await?;
        self.kept = true;
        Ok(Finished {
            id: self.id,
            sniffed,
            size,
            sha256,
        })
    }
}

impl Drop for UploadWriter {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
