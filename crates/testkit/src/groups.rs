//! Group helpers: the set-up steps group stories share.

use crate::app::{TestApp, TestUser};
use crate::client::Answer;
use confab_domain::groups::{GroupDetails, Member};
use confab_domain::messages::Message;
use serde_json::json;
use uuid::Uuid;

/// A group as the API returned it to its creator, with the ids tests need.
#[derive(Debug)]
pub struct TestGroup {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub default_role_id: Uuid,
    pub details: GroupDetails,
}

impl TestApp {
    /// A group of `kind` owned by `owner` (a public one with a unique handle),
    /// asserting 201.
    pub async fn create_group(&self, owner: &TestUser, kind: &str) -> TestGroup {
        let handle = format!("g{}", &Uuid::new_v4().simple().to_string()[..12]);
        let mut body = json!({"name": format!("Group {handle}"), "kind": kind});
        if kind == "public" {
            body["handle"] = json!(handle);
        }
        let answer = self.client(owner).create_group(body).await;
        assert_eq!(answer.status, 201, "create group");
        let details = answer.ok();
        TestGroup {
            id: details.group.id,
            conversation_id: details.group.conversation_id,
            default_role_id: details.group.default_role_id.expect("a default role"),
            details,
        }
    }

    /// `user` joins the public group, asserting success.
    pub async fn join_group(&self, user: &TestUser, group: &TestGroup) {
        let answer = self.client(user).join_group(group.id).await;
        assert_eq!(answer.status, 200, "join");
    }

    /// Creates a role as `by`, asserting 201; returns its id.
    pub async fn create_role(
        &self,
        by: &TestUser,
        group: &TestGroup,
        name: &str,
        priority: i32,
        permissions: &[&str],
    ) -> Uuid {
        let body = json!({"name": name, "priority": priority, "permissions": permissions});
        let answer = self.client(by).create_role(group.id, body).await;
        assert_eq!(answer.status, 201, "create role {name}");
        answer.ok().id
    }

    /// Gives `member` the role as `by`; returns the answer (the member, with
    /// their role, when it took).
    pub async fn assign_role(
        &self,
        by: &TestUser,
        group: &TestGroup,
        member: &TestUser,
        role: Uuid,
    ) -> Answer<Member> {
        self.client(by).set_role(group.id, member.id, role).await
    }

    /// The group's history as `user` reads it (its newest 100), oldest first.
    pub async fn group_history(&self, user: &TestUser, group: &TestGroup) -> Vec<Message> {
        let page = self
            .client(user)
            .history_with(group.conversation_id, &[("limit", "100".to_owned())])
            .await
            .ok();
        page.items.into_iter().rev().collect()
    }
}
