//! `/friends` and `/blocks`: requests, friendships and blocks.

use super::{Answer, Client, Items};
use confab_domain::friends::{Friend, FriendRequest, RequestLists};
use confab_domain::users::PublicUser;
use serde_json::json;
use uuid::Uuid;

/// Whom a friend request is for.
pub enum To<'a> {
    Username(&'a str),
    Id(Uuid),
}

impl Client<'_> {
    /// `POST /friends/requests`.
    pub async fn send_friend_request(&self, to: To<'_>) -> Answer<FriendRequest> {
        let body = match to {
            To::Username(name) => json!({ "username": name }),
            To::Id(id) => json!({ "user_id": id }),
        };
        self.post("/friends/requests", body).await
    }

    /// `GET /friends/requests`: incoming and outgoing.
    pub async fn friend_requests(&self) -> Answer<RequestLists> {
        self.get("/friends/requests").await
    }

    /// `POST /friends/requests/{id}/accept`.
    pub async fn accept_friend_request(&self, id: Uuid) -> Answer<FriendRequest> {
        self.post(&format!("/friends/requests/{id}/accept"), json!({}))
            .await
    }

    /// `POST /friends/requests/{id}/decline`.
    pub async fn decline_friend_request(&self, id: Uuid) -> Answer<()> {
        self.post(&format!("/friends/requests/{id}/decline"), json!({}))
            .await
    }

    /// `DELETE /friends/requests/{id}`: the sender takes it back.
    pub async fn cancel_friend_request(&self, id: Uuid) -> Answer<()> {
        self.delete(&format!("/friends/requests/{id}")).await
    }

    /// `GET /friends`.
    pub async fn friends(&self) -> Answer<Items<Friend>> {
        self.get("/friends").await
    }

    /// `DELETE /friends/{user_id}`.
    pub async fn unfriend(&self, user: Uuid) -> Answer<()> {
        self.delete(&format!("/friends/{user}")).await
    }

    /// `PUT /blocks/{user_id}`.
    pub async fn block(&self, user: Uuid) -> Answer<()> {
        self.put(&format!("/blocks/{user}")).await
    }

    /// `DELETE /blocks/{user_id}`.
    pub async fn unblock(&self, user: Uuid) -> Answer<()> {
        self.delete(&format!("/blocks/{user}")).await
    }

    /// `GET /blocks`.
    pub async fn blocked_users(&self) -> Answer<Items<PublicUser>> {
        self.get("/blocks").await
    }
}
