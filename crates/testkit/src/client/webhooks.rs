//! Webhooks: a group's incoming URLs and outgoing event subscriptions.

use super::{Answer, Client, Items, with_query};
use confab_domain::groups::webhooks::{CreatedIncomingWebhook, IncomingWebhook};
use confab_domain::messages::Message;
use confab_domain::webhooks::{CreatedSubscription, Delivery, Subscription};
use serde_json::Value;
use uuid::Uuid;

impl Client<'_> {
    /// `POST /groups/{id}/webhooks`: `{name}`.
    pub async fn create_incoming_webhook(
        &self,
        group: Uuid,
        body: Value,
    ) -> Answer<CreatedIncomingWebhook> {
        self.post(&format!("/groups/{group}/webhooks"), body).await
    }

    /// `GET /groups/{id}/webhooks`.
    pub async fn incoming_webhooks(&self, group: Uuid) -> Answer<Items<IncomingWebhook>> {
        self.get(&format!("/groups/{group}/webhooks")).await
    }

    /// `DELETE /groups/{id}/webhooks/{webhook_id}`.
    pub async fn delete_incoming_webhook(&self, group: Uuid, webhook: Uuid) -> Answer<()> {
        self.delete(&format!("/groups/{group}/webhooks/{webhook}"))
            .await
    }

    /// `POST` to a webhook's URL as the API answered it (`/api/v1/hooks/...`).
    pub async fn execute_webhook(&self, url: &str, body: Value) -> Answer<Message> {
        let path = url.strip_prefix("/api/v1").expect("a URL of the API");
        self.post(path, body).await
    }

    /// `POST /webhook-subscriptions`: `{url, event_types, group_id?}`.
    pub async fn subscribe_webhook(&self, body: Value) -> Answer<CreatedSubscription> {
        self.post("/webhook-subscriptions", body).await
    }

    /// `GET /webhook-subscriptions[?group_id=]`.
    pub async fn webhook_subscriptions(&self, group: Option<Uuid>) -> Answer<Items<Subscription>> {
        let params: Vec<(&str, String)> = group
            .map(|g| ("group_id", g.to_string()))
            .into_iter()
            .collect();
        self.get(&with_query("/webhook-subscriptions", &params))
            .await
    }

    /// `PATCH /webhook-subscriptions/{id}`.
    pub async fn update_webhook_subscription(&self, id: Uuid, body: Value) -> Answer<Subscription> {
        self.patch(&format!("/webhook-subscriptions/{id}"), body)
            .await
    }

    /// `DELETE /webhook-subscriptions/{id}`.
    pub async fn delete_webhook_subscription(&self, id: Uuid) -> Answer<()> {
        self.delete(&format!("/webhook-subscriptions/{id}")).await
    }

    /// `GET /webhook-subscriptions/{id}/deliveries`.
    pub async fn webhook_deliveries(&self, id: Uuid) -> Answer<Items<Delivery>> {
        self.get(&format!("/webhook-subscriptions/{id}/deliveries"))
            .await
    }
}
