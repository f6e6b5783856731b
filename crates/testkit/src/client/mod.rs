//! A typed client of the REST API: one method per endpoint, each returning an
//! [`Answer`] of the type the endpoint documents. Stories read as what a user
//! does (`ann.send_friend_request(...)`) instead of paths and JSON indexing.
//!
//! `app.client(&user)` speaks as a signed-in user; `app.anonymous()` without a
//! token.

mod auth;
mod conversations;
mod friends;
mod groups;
mod media;
mod notifications;
mod push;
mod reports;
mod threads;
mod users;
mod webhooks;

pub use friends::To;

use crate::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Someone speaking to the API.
pub struct Client<'a> {
    app: &'a TestApp,
    token: Option<String>,
    /// Sent as `User-Agent` (none by default).
    user_agent: Option<String>,
    /// Sent as `X-Audit-Log-Reason`, percent-encoded (none by default).
    reason: Option<String>,
}

impl TestApp {
    pub fn client(&self, user: &TestUser) -> Client<'_> {
        Client {
            app: self,
            token: Some(user.access_token.clone()),
            user_agent: None,
            reason: None,
        }
    }

    /// Speaks with a bearer token of one's own (a refreshed or second login's).
    pub fn client_with_token(&self, access_token: &str) -> Client<'_> {
        Client {
            app: self,
            token: Some(access_token.to_owned()),
            user_agent: None,
            reason: None,
        }
    }

    pub fn anonymous(&self) -> Client<'_> {
        Client {
            app: self,
            token: None,
            user_agent: None,
            reason: None,
        }
    }
}

/// The error envelope's inner object.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// On a 429: seconds to wait.
    #[serde(default)]
    pub retry_after: Option<u64>,
}

#[derive(Deserialize)]
struct Envelope {
    error: ApiError,
}

/// What an endpoint answered: its status and the typed body, or the error.
#[derive(Debug)]
pub struct Answer<T> {
    pub status: StatusCode,
    body: Result<T, ApiError>,
}

impl<T> Answer<T> {
    /// The body of a successful answer; panics with the error otherwise.
    #[track_caller]
    pub fn ok(self) -> T {
        match self.body {
            Ok(body) => body,
            Err(e) => panic!(
                "expected success, got {} {}: {}",
                self.status, e.code, e.message
            ),
        }
    }

    /// The error of a failed answer; panics if it succeeded.
    #[track_caller]
    pub fn error(self) -> ApiError {
        match self.body {
            Ok(_) => panic!("expected an error, got {}", self.status),
            Err(e) => e,
        }
    }

    /// The error's `code` (panics if it succeeded).
    #[track_caller]
    pub fn code(self) -> String {
        self.error().code
    }
}

impl Client<'_> {
    /// The same caller, giving `reason` for the group's audit log.
    pub fn because(mut self, reason: &str) -> Self {
        self.reason = Some(reason.to_owned());
        self
    }

    /// The same caller, on a device that says it is `user_agent`.
    pub fn as_device(mut self, user_agent: &str) -> Self {
        self.user_agent = Some(user_agent.to_owned());
        self
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Answer<T> {
        let mut request = self.app.client.request(
            method.clone(),
            self.app.url_for(&method, &format!("/api/v1{path}")),
        );
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(user_agent) = &self.user_agent {
            request = request.header(reqwest::header::USER_AGENT, user_agent);
        }
        if let Some(reason) = &self.reason {
            let encoded =
                percent_encoding::utf8_percent_encode(reason, percent_encoding::NON_ALPHANUMERIC);
            request = request.header("X-Audit-Log-Reason", encoded.to_string());
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let text = response.text().await.expect("response body");
        crate::contract::check(&method, &format!("/api/v1{path}"), status.as_u16(), &text);
        let body = if status.is_success() {
            let json = if text.is_empty() { "null" } else { &text };
            Ok(serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("{status} answer does not parse ({e}): {text}")))
        } else {
            let envelope: Envelope = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{status} is not the error envelope ({e}): {text}"));
            Err(envelope.error)
        };
        Answer { status, body }
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Answer<T> {
        self.call(Method::GET, path, None).await
    }

    async fn post<T: DeserializeOwned>(&self, path: &str, body: Value) -> Answer<T> {
        self.call(Method::POST, path, Some(body)).await
    }

    async fn patch<T: DeserializeOwned>(&self, path: &str, body: Value) -> Answer<T> {
        self.call(Method::PATCH, path, Some(body)).await
    }

    async fn put<T: DeserializeOwned>(&self, path: &str) -> Answer<T> {
        self.call(Method::PUT, path, None).await
    }

    async fn delete<T: DeserializeOwned>(&self, path: &str) -> Answer<T> {
        self.call(Method::DELETE, path, None).await
    }
}

/// `path?name=value&...`, each value percent-encoded.
fn with_query(path: &str, params: &[(&str, String)]) -> String {
    if params.is_empty() {
        return path.to_owned();
    }
    let url = reqwest::Url::parse_with_params("http://query.invalid/", params).expect("query");
    format!("{path}?{}", url.query().unwrap_or_default())
}

/// A list answer, `{"items": [...]}`.
#[derive(Debug, Deserialize)]
pub struct Items<T> {
    pub items: Vec<T>,
}
