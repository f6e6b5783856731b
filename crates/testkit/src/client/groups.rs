//! `/groups` and `/invites`: groups, members, roles, bans and invitations.

use super::{Answer, Client, Items, with_query};
use confab_domain::groups::{Ban, GroupDetails, GroupSearchPage, Invite, Member, MemberPage, Role};
use serde_json::{Value, json};
use uuid::Uuid;

impl Client<'_> {
    /// `POST /groups` with name, kind, and optionally description and handle.
    pub async fn create_group(&self, body: Value) -> Answer<GroupDetails> {
        self.post("/groups", body).await
    }

    /// `GET /groups/{id}`.
    pub async fn group(&self, id: Uuid) -> Answer<GroupDetails> {
        self.get(&format!("/groups/{id}")).await
    }

    /// `PATCH /groups/{id}` with any of name, description, kind, handle,
    /// photo_media_id.
    pub async fn update_group(&self, id: Uuid, changes: Value) -> Answer<GroupDetails> {
        self.patch(&format!("/groups/{id}"), changes).await
    }

    /// `DELETE /groups/{id}` (the owner only).
    pub async fn delete_group(&self, id: Uuid) -> Answer<()> {
        self.delete(&format!("/groups/{id}")).await
    }

    /// `GET /groups/search` with `q`, `before`, `limit`.
    pub async fn search_groups(&self, params: &[(&str, String)]) -> Answer<GroupSearchPage> {
        self.get(&with_query("/groups/search", params)).await
    }

    /// `POST /groups/{id}/join` (public groups).
    pub async fn join_group(&self, id: Uuid) -> Answer<GroupDetails> {
        self.post(&format!("/groups/{id}/join"), json!({})).await
    }

    /// `POST /groups/{id}/leave`.
    pub async fn leave_group(&self, id: Uuid) -> Answer<()> {
        self.post(&format!("/groups/{id}/leave"), json!({})).await
    }

    /// `PUT /groups/{id}/owner`.
    pub async fn transfer_group(&self, id: Uuid, to: Uuid) -> Answer<GroupDetails> {
        self.call(
            reqwest::Method::PUT,
            &format!("/groups/{id}/owner"),
            Some(json!({ "user_id": to })),
        )
        .await
    }

    /// `GET /groups/{id}/members` with `after`, `limit`.
    pub async fn members(&self, id: Uuid, params: &[(&str, String)]) -> Answer<MemberPage> {
        self.get(&with_query(&format!("/groups/{id}/members"), params))
            .await
    }

    /// `DELETE /groups/{id}/members/{user_id}`.
    pub async fn kick(&self, id: Uuid, user: Uuid) -> Answer<()> {
        self.delete(&format!("/groups/{id}/members/{user}")).await
    }

    /// `PUT /groups/{id}/members/{user_id}/role`.
    pub async fn set_role(&self, id: Uuid, user: Uuid, role: Uuid) -> Answer<Member> {
        self.call(
            reqwest::Method::PUT,
            &format!("/groups/{id}/members/{user}/role"),
            Some(json!({ "role_id": role })),
        )
        .await
    }

    /// `DELETE /groups/{id}/members/{user_id}/role`: back to the default role.
    pub async fn reset_role(&self, id: Uuid, user: Uuid) -> Answer<Member> {
        self.delete(&format!("/groups/{id}/members/{user}/role"))
            .await
    }

    /// `GET /groups/{id}/bans`.
    pub async fn bans(&self, id: Uuid) -> Answer<Items<Ban>> {
        self.get(&format!("/groups/{id}/bans")).await
    }

    /// `PUT /groups/{id}/bans/{user_id}`.
    pub async fn ban(&self, id: Uuid, user: Uuid) -> Answer<()> {
        self.put(&format!("/groups/{id}/bans/{user}")).await
    }

    /// `DELETE /groups/{id}/bans/{user_id}`.
    pub async fn unban(&self, id: Uuid, user: Uuid) -> Answer<()> {
        self.delete(&format!("/groups/{id}/bans/{user}")).await
    }

    /// `GET /groups/{id}/roles`, highest priority first.
    pub async fn roles(&self, id: Uuid) -> Answer<Items<Role>> {
        self.get(&format!("/groups/{id}/roles")).await
    }

    /// `POST /groups/{id}/roles` with name, priority, permissions, colour.
    pub async fn create_role(&self, id: Uuid, body: Value) -> Answer<Role> {
        self.post(&format!("/groups/{id}/roles"), body).await
    }

    /// `PATCH /groups/{id}/roles/{role_id}`.
    pub async fn update_role(&self, id: Uuid, role: Uuid, changes: Value) -> Answer<Role> {
        self.patch(&format!("/groups/{id}/roles/{role}"), changes)
            .await
    }

    /// `DELETE /groups/{id}/roles/{role_id}`.
    pub async fn delete_role(&self, id: Uuid, role: Uuid) -> Answer<()> {
        self.delete(&format!("/groups/{id}/roles/{role}")).await
    }

    /// `PUT /groups/{id}/roles/priorities`: `items` of `{role_id, priority}`.
    pub async fn reorder_roles(&self, id: Uuid, items: Value) -> Answer<Items<Role>> {
        self.call(
            reqwest::Method::PUT,
            &format!("/groups/{id}/roles/priorities"),
            Some(json!({ "items": items })),
        )
        .await
    }

    /// `POST /groups/{id}/invites`: invites a friend.
    pub async fn invite(&self, id: Uuid, user: Uuid) -> Answer<Invite> {
        self.post(&format!("/groups/{id}/invites"), json!({ "user_id": user }))
            .await
    }

    /// `GET /groups/{id}/invites`: the group's pending invitations.
    pub async fn group_invites(&self, id: Uuid) -> Answer<Items<Invite>> {
        self.get(&format!("/groups/{id}/invites")).await
    }

    /// `DELETE /groups/{id}/invites/{invite_id}`.
    pub async fn revoke_invite(&self, id: Uuid, invite: Uuid) -> Answer<()> {
        self.delete(&format!("/groups/{id}/invites/{invite}")).await
    }

    /// `GET /invites`: invitations to me.
    pub async fn my_invites(&self) -> Answer<Items<Invite>> {
        self.get("/invites").await
    }

    /// `POST /invites/{id}/accept`.
    pub async fn accept_invite(&self, invite: Uuid) -> Answer<GroupDetails> {
        self.post(&format!("/invites/{invite}/accept"), json!({}))
            .await
    }

    /// `POST /invites/{id}/decline`.
    pub async fn decline_invite(&self, invite: Uuid) -> Answer<()> {
        self.post(&format!("/invites/{invite}/decline"), json!({}))
            .await
    }
}

impl Client<'_> {
    /// `PUT /groups/{id}/members/{user_id}/timeout`.
    pub async fn time_out(&self, group: Uuid, user: Uuid, seconds: i64) -> Answer<Member> {
        self.call(
            reqwest::Method::PUT,
            &format!("/groups/{group}/members/{user}/timeout"),
            Some(json!({ "seconds": seconds })),
        )
        .await
    }

    /// `DELETE /groups/{id}/members/{user_id}/timeout`.
    pub async fn end_timeout(&self, group: Uuid, user: Uuid) -> Answer<Member> {
        self.delete(&format!("/groups/{group}/members/{user}/timeout"))
            .await
    }

    /// `GET /groups/{id}/audit-log` with `action`, `actor_id`, `target_id`,
    /// `before`, `limit`.
    pub async fn audit_log(
        &self,
        group: Uuid,
        params: &[(&str, String)],
    ) -> Answer<confab_domain::audit::AuditPage> {
        self.get(&with_query(&format!("/groups/{group}/audit-log"), params))
            .await
    }
}

impl Client<'_> {
    /// `POST /groups/{id}/invite-links` with `expires_in_secs`, `max_uses`.
    pub async fn create_invite_link(
        &self,
        group: Uuid,
        body: Value,
    ) -> Answer<confab_domain::groups::InviteLink> {
        self.post(&format!("/groups/{group}/invite-links"), body)
            .await
    }

    /// `GET /groups/{id}/invite-links`.
    pub async fn invite_links(
        &self,
        group: Uuid,
    ) -> Answer<Vec<confab_domain::groups::InviteLink>> {
        self.get(&format!("/groups/{group}/invite-links")).await
    }

    /// `DELETE /groups/{id}/invite-links/{link_id}`.
    pub async fn revoke_invite_link(&self, group: Uuid, link: Uuid) -> Answer<()> {
        self.delete(&format!("/groups/{group}/invite-links/{link}"))
            .await
    }

    /// `GET /invite-links/{code}`.
    pub async fn invite_link(
        &self,
        code: &str,
    ) -> Answer<confab_domain::groups::InviteLinkPreview> {
        self.get(&format!("/invite-links/{code}")).await
    }

    /// `POST /invite-links/{code}/join`.
    pub async fn join_by_link(&self, code: &str) -> Answer<GroupDetails> {
        self.post(&format!("/invite-links/{code}/join"), json!({}))
            .await
    }
}

impl Client<'_> {
    /// `GET /groups/{id}/emoji`.
    pub async fn group_emoji(
        &self,
        group: Uuid,
    ) -> Answer<Items<confab_domain::groups::emoji::CustomEmoji>> {
        self.get(&format!("/groups/{group}/emoji")).await
    }

    /// `POST /groups/{id}/emoji` with `name`, `media_id`.
    pub async fn create_emoji(
        &self,
        group: Uuid,
        body: Value,
    ) -> Answer<confab_domain::groups::emoji::CustomEmoji> {
        self.post(&format!("/groups/{group}/emoji"), body).await
    }

    /// `DELETE /groups/{id}/emoji/{emoji_id}`.
    pub async fn delete_emoji(&self, group: Uuid, emoji: Uuid) -> Answer<()> {
        self.delete(&format!("/groups/{group}/emoji/{emoji}")).await
    }
}
