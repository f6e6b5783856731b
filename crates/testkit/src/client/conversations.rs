//! `/dms` and `/conversations`: conversations and their messages.

use super::{Answer, Client, Items, with_query};
use confab_domain::conversations::Conversation;
use confab_domain::conversations::notify::ConversationNotifications;
use confab_domain::drafts::Draft;
use confab_domain::messages::{
    EditHistory, Message, MessagePage, PinList, ReactedBy, ReadMarker, SearchPage,
};
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

    /// `POST /conversations/{id}/messages/{message_id}/forward`: to `to`.
    pub async fn forward(&self, conversation: Uuid, message: Uuid, to: Uuid) -> Answer<Message> {
        self.post(
            &format!("/conversations/{conversation}/messages/{message}/forward"),
            json!({ "to": to }),
        )
        .await
    }

    /// `DELETE /conversations/{id}/messages/{message_id}/previews`.
    pub async fn remove_previews(&self, conversation: Uuid, message: Uuid) -> Answer<Message> {
        self.delete(&format!(
            "/conversations/{conversation}/messages/{message}/previews"
        ))
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

    /// `GET /conversations/{id}/messages/{message_id}/edits`.
    pub async fn edit_history(&self, conversation: Uuid, message: Uuid) -> Answer<EditHistory> {
        self.get(&format!(
            "/conversations/{conversation}/messages/{message}/edits"
        ))
        .await
    }

    /// `PUT /conversations/{id}/draft`: `{body, reply_to?}`.
    pub async fn save_draft(&self, conversation: Uuid, body: Value) -> Answer<Draft> {
        self.call(
            reqwest::Method::PUT,
            &format!("/conversations/{conversation}/draft"),
            Some(body),
        )
        .await
    }

    /// `PUT /conversations/{id}/notifications`.
    pub async fn set_notifications(
        &self,
        conversation: Uuid,
        body: Value,
    ) -> Answer<ConversationNotifications> {
        self.call(
            reqwest::Method::PUT,
            &format!("/conversations/{conversation}/notifications"),
            Some(body),
        )
        .await
    }

    /// `DELETE /conversations/{id}/draft`.
    pub async fn clear_draft(&self, conversation: Uuid) -> Answer<()> {
        self.delete(&format!("/conversations/{conversation}/draft"))
            .await
    }

    /// `GET /users/me/drafts`.
    pub async fn drafts(&self) -> Answer<Items<Draft>> {
        self.get("/users/me/drafts").await
    }

    /// `POST /conversations/{id}/read`: read up to `message`.
    pub async fn mark_read(&self, conversation: Uuid, message: Uuid) -> Answer<()> {
        self.post(
            &format!("/conversations/{conversation}/read"),
            json!({ "message_id": message }),
        )
        .await
    }

    /// `GET /conversations/{id}/messages` with `before`, `after`, `around`, `limit`.
    pub async fn history_with(
        &self,
        conversation: Uuid,
        params: &[(&str, String)],
    ) -> Answer<MessagePage> {
        self.get(&with_query(
            &format!("/conversations/{conversation}/messages"),
            params,
        ))
        .await
    }

    /// `GET /conversations/{id}/reads`: every member's read marker.
    pub async fn read_markers(&self, conversation: Uuid) -> Answer<Items<ReadMarker>> {
        self.get(&format!("/conversations/{conversation}/reads"))
            .await
    }

    /// `PUT /conversations/{id}/messages/{message_id}/reactions/{emoji}`.
    pub async fn react(&self, conversation: Uuid, message: Uuid, emoji: &str) -> Answer<()> {
        self.put(&reaction_path(conversation, message, emoji)).await
    }

    /// `DELETE /conversations/{id}/messages/{message_id}/reactions/{emoji}`.
    pub async fn unreact(&self, conversation: Uuid, message: Uuid, emoji: &str) -> Answer<()> {
        self.delete(&reaction_path(conversation, message, emoji))
            .await
    }

    /// `GET /conversations/{id}/messages/{message_id}/reactions/{emoji}`: who.
    pub async fn reacted_by(
        &self,
        conversation: Uuid,
        message: Uuid,
        emoji: &str,
    ) -> Answer<ReactedBy> {
        self.get(&reaction_path(conversation, message, emoji)).await
    }

    /// `GET /conversations/{id}/pins`.
    pub async fn pins(&self, conversation: Uuid) -> Answer<PinList> {
        self.get(&format!("/conversations/{conversation}/pins"))
            .await
    }

    /// `PUT /conversations/{id}/pins/{message_id}`.
    pub async fn pin(&self, conversation: Uuid, message: Uuid) -> Answer<Message> {
        self.put(&format!("/conversations/{conversation}/pins/{message}"))
            .await
    }

    /// `DELETE /conversations/{id}/pins/{message_id}`.
    pub async fn unpin(&self, conversation: Uuid, message: Uuid) -> Answer<()> {
        self.delete(&format!("/conversations/{conversation}/pins/{message}"))
            .await
    }

    /// `GET /search/messages` with `q` and any of `conversation_id`,
    /// `author_id`, `from`, `to`, `before`, `limit`.
    pub async fn search_messages(&self, params: &[(&str, String)]) -> Answer<SearchPage> {
        self.get(&with_query("/search/messages", params)).await
    }
}

/// The emoji is one path segment, percent-encoded.
fn reaction_path(conversation: Uuid, message: Uuid, emoji: &str) -> String {
    let mut url = reqwest::Url::parse("http://path.invalid/").expect("url");
    url.path_segments_mut()
        .expect("a base")
        .pop_if_empty()
        .extend(["reactions", emoji]);
    let encoded = url.path().trim_start_matches("/reactions/").to_owned();
    format!("/conversations/{conversation}/messages/{message}/reactions/{encoded}")
}

#[cfg(test)]
mod tests {
    use super::reaction_path;
    use uuid::Uuid;

    #[test]
    fn an_emoji_is_one_encoded_segment() {
        let (c, m) = (Uuid::nil(), Uuid::nil());
        let path = reaction_path(c, m, "👍");
        assert!(path.ends_with("/reactions/%F0%9F%91%8D"), "{path}");
        assert!(reaction_path(c, m, "a/b").ends_with("/reactions/a%2Fb"));
    }
}
