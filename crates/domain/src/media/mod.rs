//! Media: uploads of photos, audio and video. Files are sniffed, size-checked
//! and hashed as they stream to disk ([`upload`]); images get a thumbnail and
//! their dimensions from a background job ([`process`]); uploads never attached
//! are removed by another ([`cleanup`]). Who may fetch a medium is
//! `access::may_view_media`.

mod cleanup;
mod import;
mod metadata;
mod process;
pub(crate) use process::PROCESSED_STATUSES;
mod sniff;
mod store;
mod upload;
mod waveform;
mod webm;

pub use crate::models::Media;
pub use cleanup::spawn_cleanup;
pub use import::ImageImporter;
pub use process::MediaProcessor;
pub use sniff::{MediaKind, Sniffed, sniff};
pub use store::MediaStore;
pub use upload::{Finished, Limits, UploadWriter};

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::schema::{media, message_attachments};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use uuid::Uuid;

/// Most attachments on one message.
pub const MAX_ATTACHMENTS: usize = 10;

/// A row of `media`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = media)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct MediaRow {
    pub id: Uuid,
    pub uploader_id: Uuid,
    pub kind: String,
    pub mime: String,
    pub size: i64,
    pub sha256: Vec<u8>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub duration_ms: Option<i64>,
    pub status: String,
    pub has_thumbnail: bool,
    pub created_at: DateTime<Utc>,
    pub attached_at: Option<DateTime<Utc>>,
    pub waveform: Option<Vec<u8>>,
}

impl From<&MediaRow> for Media {
    fn from(r: &MediaRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind.clone(),
            mime: r.mime.clone(),
            size: r.size,
            sha256: hex::encode(&r.sha256),
            width: r.width,
            height: r.height,
            duration_ms: r.duration_ms,
            waveform: r.waveform.clone(),
            status: r.status.clone(),
            url: crate::urls::media(r.id),
            thumbnail_url: r.has_thumbnail.then(|| crate::urls::thumbnail(r.id)),
            uploader_id: r.uploader_id,
            created_at: r.created_at,
        }
    }
}

/// Records a finished upload.
pub async fn insert(conn: &mut AsyncPgConnection, me: Uuid, upload: &Finished) -> Result<Media> {
    let row: MediaRow = diesel::insert_into(media::table)
        .values((
            media::id.eq(upload.id),
            media::uploader_id.eq(me),
            media::kind.eq(upload.sniffed.kind.as_str()),
            media::mime.eq(upload.sniffed.mime),
            media::size.eq(upload.size as i64),
            media::sha256.eq(&upload.sha256),
            media::status.eq("processing"),
        ))
        .returning(MediaRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(Media::from(&row))
}

/// A medium `me` may fetch: their own upload, media shared in a conversation
/// they are in, any user's avatar, and the photo of a group they can see.
/// Anything else is "not found".
pub async fn visible(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<MediaRow> {
    let row: MediaRow = media::table
        .find(id)
        .select(MediaRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("media"))?;
    if crate::access::may_view_media(conn, me, id, row.uploader_id).await? {
        return Ok(row);
    }
    Err(Error::not_found("media"))
}

/// Claims `ids` (the caller's own uploads) for attaching: marks them attached
/// and returns them in the given order. Someone else's or unknown media → 403.
pub async fn claim(conn: &mut AsyncPgConnection, me: Uuid, ids: &[Uuid]) -> Result<Vec<Media>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<MediaRow> = diesel::update(
        media::table
            .filter(media::id.eq_any(ids))
            .filter(media::uploader_id.eq(me)),
    )
    .set(media::attached_at.eq(diesel::dsl::sql::<
        diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
    >("coalesce(attached_at, now())")))
    .returning(MediaRow::as_returning())
    .get_results(conn)
    .await?;
    let by_id: HashMap<Uuid, &MediaRow> = rows.iter().map(|r| (r.id, r)).collect();
    ids.iter()
        .map(|id| {
            by_id.get(id).map(|r| Media::from(*r)).ok_or_else(|| {
                Error::new(
                    ErrorCode::NotYourUpload,
                    "attachments must be your own uploads",
                )
            })
        })
        .collect()
}

/// Claims one of the caller's own image uploads (for an avatar or a group photo).
pub async fn claim_image(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<Media> {
    let media = claim(conn, me, &[id])
        .await
        .map_err(|e| match e {
            e if e.is(ErrorCode::NotYourUpload) => Error::new(
                ErrorCode::InvalidPicture,
                "a picture must be your own upload",
            ),
            other => other,
        })?
        .remove(0);
    if media.kind != MediaKind::Image.as_str() {
        return Err(Error::new(
            ErrorCode::InvalidPicture,
            "a picture must be an image upload",
        ));
    }
    Ok(media)
}

/// The attachments of each message, in order, in one query.
pub async fn attachments_of(
    conn: &mut AsyncPgConnection,
    message_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Media>>> {
    if message_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, MediaRow)> = message_attachments::table
        .inner_join(media::table)
        .filter(message_attachments::message_id.eq_any(message_ids))
        .order((
            message_attachments::message_id,
            message_attachments::position,
        ))
        .select((message_attachments::message_id, MediaRow::as_select()))
        .load(conn)
        .await?;
    let mut by_message: HashMap<Uuid, Vec<Media>> = HashMap::new();
    for (message, row) in &rows {
        by_message
            .entry(*message)
            .or_default()
            .push(Media::from(row));
    }
    Ok(by_message)
}

/// Links attachments to a message (in the transaction that wrote it).
pub async fn link(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    message: Uuid,
    attachments: &[Media],
) -> Result<()> {
    let rows: Vec<_> = attachments
        .iter()
        .enumerate()
        .map(|(i, m)| {
            (
                message_attachments::message_id.eq(message),
                message_attachments::media_id.eq(m.id),
                message_attachments::position.eq(i as i16),
                message_attachments::conversation_id.eq(conversation),
            )
        })
        .collect();
    diesel::insert_into(message_attachments::table)
        .values(&rows)
        .execute(conn)
        .await?;
    Ok(())
}
