//! Uploaded media.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A medium as the API shows it (in upload answers, on messages, in events).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct Media {
    pub id: Uuid,
    /// `image`, `audio` or `video`.
    pub kind: String,
    /// Decided from the content, not the file name.
    pub mime: String,
    pub size: i64,
    /// Hex SHA-256 of the stored bytes.
    pub sha256: String,
    /// Images, once processed.
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// Audio and video, where the container states it cheaply.
    pub duration_ms: Option<i64>,
    /// `processing` until the thumbnail and dimensions are known, then `ready`
    /// (or `failed` for an image that could not be decoded).
    pub status: String,
    /// `GET` it with the access token in the header, or, for `<img>` and
    /// `<audio>`, with the media cookie (`POST /media/session`).
    pub url: String,
    pub thumbnail_url: Option<String>,
    pub uploader_id: Uuid,
    pub created_at: DateTime<Utc>,
}
