//! Uploaded media.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A medium as the API shows it (in upload answers, on messages, in events).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct Media {
    pub id: Uuid,
    #[schema(schema_with = kinds)]
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
    #[schema(schema_with = waveform)]
    pub waveform: Option<Vec<u8>>,
    #[schema(schema_with = statuses)]
    pub status: String,
    /// `GET` it with the access token in the header, or, for `<img>` and
    /// `<audio>`, with the media cookie (`POST /media/session`).
    pub url: String,
    pub thumbnail_url: Option<String>,
    pub uploader_id: Uuid,
    pub created_at: DateTime<Utc>,
}

fn kinds() -> utoipa::openapi::schema::Object {
    crate::text::one_of("What the content is.", &["image", "audio", "video"])
}

fn waveform() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
    ArrayBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .items(
            ObjectBuilder::new()
                .schema_type(SchemaType::Type(Type::Integer))
                .minimum(Some(0))
                .maximum(Some(255)),
        )
        .min_items(Some(64))
        .max_items(Some(64))
        .description(Some(
            "Audio, once processed: the loudness of 64 equal slices, 0–255 (the loudest is 255). Null for other kinds and for audio that could not be decoded.",
        ))
        .build()
}

fn statuses() -> utoipa::openapi::schema::Object {
    crate::text::one_of(
        "`processing` until the thumbnail and dimensions are known, then `ready` (or `failed` for an image that could not be decoded).",
        &["processing", "ready", "failed"],
    )
}
