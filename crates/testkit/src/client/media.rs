//! `/media`: what is known of an upload. Uploads and downloads are bytes, not
//! JSON: `TestApp::upload` and the media stories speak those.

use super::{Answer, Client};
use confab_domain::media::Media;
use serde_json::json;
use uuid::Uuid;

impl Client<'_> {
    /// `GET /media/{id}/info`.
    pub async fn media_info(&self, id: Uuid) -> Answer<Media> {
        self.get(&format!("/media/{id}/info")).await
    }

    /// `POST /media/session`: the cookie `<img>` tags fetch media with.
    pub async fn media_session(&self) -> Answer<()> {
        self.post("/media/session", json!({})).await
    }
}
