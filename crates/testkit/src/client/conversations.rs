//! `/dms` and `/conversations`: conversations and their messages.

use super::{Answer, Client, Items};
use confab_domain::conversations::Conversation;
use confab_domain::messages::{Message, MessagePage};
use serde_json::{Value, json};
use uuid::Uuid;

impl Client<'_> {
    /// `POST /dms`: the DM with a friend (created on first use).
    pub async fn open_dm(&self, with: Uuid) -> Answer<Conversation> {
        self.post("/dms", json!({ "user_id": with })).await
    }

    /// `GET /conversations`.
    pub async fn conversations(&self) -> Answer<Items<Conversation>> {
        self.get("/conversations").await
    }

    /// `GET /conversations/{id}`.
    pub async fn conversation(&self, id: Uuid) -> Answer<Conversation> {
        self.get(&format!("/conversations/{id}")).await
    }

    /// `GET /conversations/{id}/messages`: the newest page.
    pub async fn history(&self, conversation: Uuid) -> Answer<MessagePage> {
        self.get(&format!("/conversations/{conversation}/messages"))
            .await
    }

    /// `POST /conversations/{id}/messages` with any body.
    pub async fn send_message(&self, conversation: Uuid, body: Value) -> Answer<Message> {
        self.post(&format!("/conversations/{conversation}/messages"), body)
            .await
    }

    /// A plain text message.
    pub async fn say(&self, conversation: Uuid, text: &str) -> Answer<Message> {
        self.send_message(conversation, json!({ "body": text }))
            .await
    }

    /// `PATCH /conversations/{id}/messages/{message_id}`.
    pub async fn edit_message(
        &self,
        conversation: Uuid,
        message: Uuid,
        body: &str,
    ) -> Answer<Message> {
        self.patch(
            &format!("/conversations/{conversation}/messages/{message}"),
            json!({ "body": body }),
        )
        .await
    }

    /// `DELETE /conversations/{id}/messages/{message_id}`.
    pub async fn delete_message(&self, conversation: Uuid, message: Uuid) -> Answer<()> {
        self.delete(&format!("/conversations/{conversation}/messages/{message}"))
            .await
    }

    /// `POST /conversations/{id}/read`: read up to `message`.
    pub async fn mark_read(&self, conversation: Uuid, message: Uuid) -> Answer<()> {
        self.post(
            &format!("/conversations/{conversation}/read"),
            json!({ "message_id": message }),
        )
        .await
    }
}
