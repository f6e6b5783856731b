//! Media helpers: uploads as a browser sends them, and small real files.

use crate::app::{TestApp, TestUser};
use confab_domain::media::Media;
use reqwest::Response;
use reqwest::multipart::{Form, Part};
use std::time::{Duration, Instant};
use uuid::Uuid;

impl TestApp {
    /// Uploads `bytes` as the multipart field `file` with the given file name
    /// and claimed type (neither of which the server trusts).
    pub async fn upload(
        &self,
        user: &TestUser,
        name: &str,
        claimed: &str,
        bytes: Vec<u8>,
    ) -> Response {
        let part = Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str(claimed)
            .expect("mime");
        let response = self
            .client
            .post(self.url("/api/v1/media"))
            .bearer_auth(&user.access_token)
            .multipart(Form::new().part("file", part))
            .send()
            .await
            .expect("upload sent");
        crate::contract::checked(&reqwest::Method::POST, "/api/v1/media", response).await
    }

    /// Uploads and asserts 201; returns the medium.
    pub async fn upload_ok(&self, user: &TestUser, name: &str, bytes: Vec<u8>) -> Media {
        let response = self
            .upload(user, name, "application/octet-stream", bytes)
            .await;
        assert_eq!(response.status(), 201, "upload {name}");
        response.json().await.unwrap()
    }

    /// Polls the medium until it is no longer `processing`; returns it.
    pub async fn processed(&self, user: &TestUser, id: Uuid) -> Media {
        let deadline = Instant::now() + Duration::from_secs(30);
        let speaks = self.client(user);
        loop {
            let info = speaks.media_info(id).await.ok();
            if info.status != "processing" {
                return info;
            }
            assert!(Instant::now() < deadline, "still processing: {info:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
