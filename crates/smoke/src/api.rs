//! The REST calls the checks make, through the deployment's public origin.

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::path::Path;

#[derive(Clone)]
pub struct Api {
    pub base: url::Url,
    http: reqwest::Client,
    /// The certificate to trust, for the socket's TLS too.
    pub ca_pem: Option<Vec<u8>>,
}

/// A signed-in user.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Login {
    pub id: String,
    pub username: String,
    pub password: String,
    #[serde(skip)]
    pub token: String,
}

impl Api {
    pub fn new(base: &str, ca: Option<&Path>) -> Result<Self> {
        let base = url::Url::parse(base).context("--base is not a URL")?;
        let mut http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30));
        let ca_pem = match ca {
            Some(path) => {
                let pem = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
                http = http.add_root_certificate(reqwest::Certificate::from_pem(&pem)?);
                Some(pem)
            }
            None => None,
        };
        Ok(Self {
            base,
            http: http.build()?,
            ca_pem,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.as_str().trim_end_matches('/'), path)
    }

    /// A JSON request; the status and the body (Null when there is none).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Result<(u16, Value)> {
        let mut request = self.http.request(method.clone(), self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("{method} {path}"))?;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    async fn expect(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        ok: &[u16],
    ) -> Result<Value> {
        let (status, answer) = self.call(method.clone(), path, token, body).await?;
        if !ok.contains(&status) {
            bail!("{method} {path} answered {status}: {answer}");
        }
        Ok(answer)
    }

    pub async fn signup(&self, prefix: &str) -> Result<Login> {
        let username = format!(
            "{prefix}_{}",
            &uuid::Uuid::new_v4().simple().to_string()[..10]
        );
        let password = format!("smoke-{}", uuid::Uuid::new_v4().simple());
        let answer = self
            .expect(
                reqwest::Method::POST,
                "/api/v1/auth/signup",
                None,
                Some(json!({"username": username, "password": password})),
                &[201],
            )
            .await?;
        Ok(Login {
            id: answer["user"]["id"].as_str().context("user id")?.to_owned(),
            token: answer["access_token"].as_str().context("token")?.to_owned(),
            username,
            password,
        })
    }

    /// Signs `user` in again (a new login), setting its token.
    pub async fn login(&self, user: &mut Login) -> Result<()> {
        let answer = self
            .expect(
                reqwest::Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"username": user.username, "password": user.password})),
                &[200],
            )
            .await?;
        user.token = answer["access_token"].as_str().context("token")?.to_owned();
        Ok(())
    }

    /// Makes them friends and opens their DM; returns its id.
    pub async fn dm(&self, a: &Login, b: &Login) -> Result<String> {
        let request = self
            .expect(
                reqwest::Method::POST,
                "/api/v1/friends/requests",
                Some(&a.token),
                Some(json!({"user_id": b.id})),
                &[201],
            )
            .await?;
        let id = request["id"].as_str().context("request id")?;
        self.expect(
            reqwest::Method::POST,
            &format!("/api/v1/friends/requests/{id}/accept"),
            Some(&b.token),
            Some(json!({})),
            &[200, 201, 204],
        )
        .await?;
        let dm = self
            .expect(
                reqwest::Method::POST,
                "/api/v1/dms",
                Some(&a.token),
                Some(json!({"user_id": b.id})),
                &[200, 201],
            )
            .await?;
        Ok(dm["id"].as_str().context("dm id")?.to_owned())
    }

    /// Sends a message (`nonce` makes a retry safe); the server's copy.
    pub async fn send(
        &self,
        user: &Login,
        conversation: &str,
        body: Option<&str>,
        attachments: &[String],
        nonce: &str,
    ) -> Result<Value> {
        let mut message = json!({"nonce": nonce});
        if let Some(body) = body {
            message["body"] = json!(body);
        }
        if !attachments.is_empty() {
            message["attachments"] = json!(attachments);
        }
        self.expect(
            reqwest::Method::POST,
            &format!("/api/v1/conversations/{conversation}/messages"),
            Some(&user.token),
            Some(message),
            &[200, 201],
        )
        .await
    }

    /// Every message of the conversation, oldest first, read a page at a time
    /// from the newest back.
    pub async fn history(&self, user: &Login, conversation: &str) -> Result<Vec<Value>> {
        let mut items = Vec::new();
        let mut before: Option<String> = None;
        loop {
            let cursor = before
                .as_deref()
                .map_or(String::new(), |id| format!("&before={id}"));
            let page = self
                .expect(
                    reqwest::Method::GET,
                    &format!("/api/v1/conversations/{conversation}/messages?limit=100{cursor}"),
                    Some(&user.token),
                    None,
                    &[200],
                )
                .await?;
            items.extend(page["items"].as_array().context("items")?.iter().cloned());
            match page["next_before"].as_str() {
                Some(next) if before.as_deref() != Some(next) => before = Some(next.to_owned()),
                _ => break,
            }
        }
        items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        items.dedup_by(|a, b| a["id"] == b["id"]);
        Ok(items)
    }

    /// Uploads a file; the media object.
    pub async fn upload(&self, user: &Login, name: &str, bytes: Vec<u8>) -> Result<Value> {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let response = self
            .http
            .post(self.url("/api/v1/media"))
            .bearer_auth(&user.token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .context("POST /api/v1/media")?;
        let status = response.status().as_u16();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        if status != 201 {
            bail!("upload answered {status}: {answer}");
        }
        Ok(answer)
    }

    /// A media file's bytes (`range` as in the header); the status and body.
    pub async fn media(
        &self,
        user: &Login,
        url: &str,
        range: Option<&str>,
    ) -> Result<(u16, Vec<u8>)> {
        let mut request = self.http.get(self.url(url)).bearer_auth(&user.token);
        if let Some(range) = range {
            request = request.header("Range", range);
        }
        let response = request.send().await.with_context(|| format!("GET {url}"))?;
        let status = response.status().as_u16();
        Ok((status, response.bytes().await?.to_vec()))
    }
}
