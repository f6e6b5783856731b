//! `/notifications`.

use super::{Answer, Client, with_query};
use confab_domain::notifications::NotificationPage;
use serde_json::json;
use uuid::Uuid;

impl Client<'_> {
    /// `GET /notifications` with `before`, `limit`: newest first.
    pub async fn notifications(&self, params: &[(&str, String)]) -> Answer<NotificationPage> {
        self.get(&with_query("/notifications", params)).await
    }

    /// `POST /notifications/{id}/read`.
    pub async fn read_notification(&self, id: Uuid) -> Answer<()> {
        self.post(&format!("/notifications/{id}/read"), json!({}))
            .await
    }

    /// `POST /notifications/read-all`.
    pub async fn read_all_notifications(&self) -> Answer<()> {
        self.post("/notifications/read-all", json!({})).await
    }
}
