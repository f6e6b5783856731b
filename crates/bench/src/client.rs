//! The few API calls the generators need.

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: Uuid,
    pub token: String,
}

impl Api {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(1024)
                .build()
                .expect("client"),
        }
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Result<(u16, Value)> {
        let mut request = self.http.post(format!("{}{path}", self.base)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.context("request")?;
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        Ok((status, body))
    }

    pub async fn signup(&self, username: &str) -> Result<User> {
        let (status, body) = self
            .post(
                "/api/v1/auth/signup",
                None,
                json!({"username": username, "password": "bench-password"}),
            )
            .await?;
        if status != 201 {
            bail!("signup {username}: {status} {body}");
        }
        Ok(User {
            id: body["user"]["id"].as_str().context("id")?.parse()?,
            token: body["access_token"].as_str().context("token")?.to_owned(),
        })
    }

    /// Makes `a` and `b` friends and returns their DM.
    pub async fn dm(&self, a: &User, b: &User) -> Result<Uuid> {
        let (_, request) = self
            .post(
                "/api/v1/friends/requests",
                Some(&a.token),
                json!({"user_id": b.id}),
            )
            .await?;
        let id = request["id"].as_str().context("request id")?;
        self.post(
            &format!("/api/v1/friends/requests/{id}/accept"),
            Some(&b.token),
            json!({}),
        )
        .await?;
        let (status, dm) = self
            .post("/api/v1/dms", Some(&a.token), json!({"user_id": b.id}))
            .await?;
        if status >= 300 {
            bail!("open DM: {status} {dm}");
        }
        Ok(dm["id"].as_str().context("dm id")?.parse()?)
    }
}
