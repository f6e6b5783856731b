//! Group helpers: the set-up steps group stories share.

use crate::app::{TestApp, TestUser};
use reqwest::{Method, Response};
use serde_json::{Value, json};
use uuid::Uuid;

/// A group as the API returned it, with the ids tests need.
#[derive(Debug, Clone)]
pub struct TestGroup {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub default_role_id: Uuid,
    pub json: Value,
}

fn uuid(value: &Value) -> Uuid {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a uuid: {value}"))
        .parse()
        .expect("uuid")
}

impl TestApp {
    /// A public group (with a unique handle) owned by `owner`, asserting 201.
    pub async fn create_group(&self, owner: &TestUser, kind: &str) -> TestGroup {
        let handle = format!("g{}", &Uuid::new_v4().simple().to_string()[..12]);
        let mut body = json!({"name": format!("Group {handle}"), "kind": kind});
        if kind == "public" {
            body["handle"] = json!(handle);
        }
        let response = self
            .post("/api/v1/groups", Some(&owner.access_token), body)
            .await;
        assert_eq!(response.status(), 201, "create group");
        let json: Value = response.json().await.unwrap();
        TestGroup {
            id: uuid(&json["id"]),
            conversation_id: uuid(&json["conversation_id"]),
            default_role_id: uuid(&json["default_role_id"]),
            json,
        }
    }

    /// `user` joins the public group, asserting success.
    pub async fn join_group(&self, user: &TestUser, group: &TestGroup) {
        let response = self
            .group_action(user, Method::POST, group, "/join", None)
            .await;
        assert_eq!(response.status(), 200, "join");
    }

    /// A request to `/api/v1/groups/{id}{rest}`.
    pub async fn group_action(
        &self,
        user: &TestUser,
        method: Method,
        group: &TestGroup,
        rest: &str,
        body: Option<Value>,
    ) -> Response {
        let path = format!("/api/v1/groups/{}{rest}", group.id);
        self.request(method, &path, Some(&user.access_token), body)
            .await
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
        let response = self
            .group_action(by, Method::POST, group, "/roles", Some(body))
            .await;
        assert_eq!(response.status(), 201, "create role {name}");
        let role: Value = response.json().await.unwrap();
        uuid(&role["id"])
    }

    /// Gives `member` the role as `by`; returns the response.
    pub async fn assign_role(
        &self,
        by: &TestUser,
        group: &TestGroup,
        member: &TestUser,
        role: Uuid,
    ) -> Response {
        let rest = format!("/members/{}/role", member.id);
        self.group_action(
            by,
            Method::PUT,
            group,
            &rest,
            Some(json!({"role_id": role})),
        )
        .await
    }

    /// The group's history, oldest first.
    pub async fn group_history(&self, user: &TestUser, group: &TestGroup) -> Vec<Value> {
        let path = format!(
            "/api/v1/conversations/{}/messages?limit=100",
            group.conversation_id
        );
        let page = self.get_json(&path, user).await;
        let mut items = page["items"].as_array().cloned().unwrap_or_default();
        items.reverse();
        items
    }
}
