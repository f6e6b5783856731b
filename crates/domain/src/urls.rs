//! The one place that builds the API's own URLs, as they appear in answers and
//! events (relative to the origin: the SPA and Nginx serve both from one).

use uuid::Uuid;

/// Where media are served, and the path the media cookie is scoped to.
pub const MEDIA: &str = "/api/v1/media";

/// A stored medium (an avatar, a group photo, an attachment).
pub fn media(id: Uuid) -> String {
    format!("{MEDIA}/{id}")
}

/// A medium's thumbnail.
pub fn thumbnail(id: Uuid) -> String {
    format!("{MEDIA}/{id}/thumbnail")
}
