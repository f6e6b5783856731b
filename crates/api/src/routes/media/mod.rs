//! `/api/v1/media/*`: uploads, and fetching them (the bytes, the thumbnail, the
//! description).

pub mod download;
pub mod info;
pub(crate) mod serve;
pub mod session;
pub mod thumbnail;
pub mod upload;

use confab_domain::media::{Limits, MediaProcessor, MediaStore};

/// What the media routes share, made once at start-up.
pub struct MediaState {
    pub store: MediaStore,
    pub limits: Limits,
    pub processor: MediaProcessor,
    /// Nginx's internal location for `X-Accel-Redirect`; empty: stream files here.
    pub accel_location: String,
}
