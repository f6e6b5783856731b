//! `/conversations/{id}/threads`: threads of replies.

use super::{Answer, Client, with_query};
use confab_domain::messages::{Message, MessagePage, Thread, ThreadMembership, ThreadPage};
use serde_json::json;
use uuid::Uuid;

impl Client<'_> {
    /// `POST /conversations/{id}/messages` with `thread_id`: a reply in the
    /// thread of `root`.
    pub async fn reply_in_thread(
        &self,
        conversation: Uuid,
        root: Uuid,
        text: &str,
    ) -> Answer<Message> {
        self.send_message(conversation, json!({ "body": text, "thread_id": root }))
            .await
    }

    /// `GET /conversations/{id}/threads` with `before`, `limit`.
    pub async fn threads(
        &self,
        conversation: Uuid,
        params: &[(&str, String)],
    ) -> Answer<ThreadPage> {
        self.get(&with_query(
            &format!("/conversations/{conversation}/threads"),
            params,
        ))
        .await
    }

    /// `GET /conversations/{id}/threads/{root_id}`.
    pub async fn thread(&self, conversation: Uuid, root: Uuid) -> Answer<Thread> {
        self.get(&format!("/conversations/{conversation}/threads/{root}"))
            .await
    }

    /// `GET /conversations/{id}/threads/{root_id}/messages`, newest first.
    pub async fn thread_replies(&self, conversation: Uuid, root: Uuid) -> Answer<MessagePage> {
        self.get(&format!(
            "/conversations/{conversation}/threads/{root}/messages"
        ))
        .await
    }

    /// `PUT /conversations/{id}/threads/{root_id}/follow`.
    pub async fn follow_thread(
        &self,
        conversation: Uuid,
        root: Uuid,
        following: bool,
    ) -> Answer<ThreadMembership> {
        self.call(
            reqwest::Method::PUT,
            &format!("/conversations/{conversation}/threads/{root}/follow"),
            Some(json!({ "following": following })),
        )
        .await
    }

    /// `POST /conversations/{id}/threads/{root_id}/read`.
    pub async fn mark_thread_read(
        &self,
        conversation: Uuid,
        root: Uuid,
        message: Uuid,
    ) -> Answer<()> {
        self.post(
            &format!("/conversations/{conversation}/threads/{root}/read"),
            json!({ "message_id": message }),
        )
        .await
    }
}
