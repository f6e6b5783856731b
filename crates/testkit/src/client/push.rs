//! `/push`: Web Push subscriptions.

use super::{Answer, Client};
use confab_domain::push::PushSubscription;
use serde_json::{Value, json};

impl Client<'_> {
    /// `GET /push/vapid-key`.
    pub async fn vapid_key(&self) -> Answer<Value> {
        self.get("/push/vapid-key").await
    }

    /// `POST /push/subscriptions` with a browser's subscription JSON.
    pub async fn push_subscribe(&self, subscription: Value) -> Answer<PushSubscription> {
        self.post("/push/subscriptions", subscription).await
    }

    /// `DELETE /push/subscriptions` for the endpoint.
    pub async fn push_unsubscribe(&self, endpoint: &str) -> Answer<()> {
        self.call(
            reqwest::Method::DELETE,
            "/push/subscriptions",
            Some(json!({ "endpoint": endpoint })),
        )
        .await
    }
}
