//! The services under test, started in this process on port 0.

use crate::database::TestDatabase;
use actix_web::dev::ServerHandle;
use confab_domain::Settings;
use confab_domain::settings::Argon2Settings;
use reqwest::{Method, Response};
use secrecy::SecretString;
use serde_json::{Value, json};
use uuid::Uuid;

pub struct TestApp {
    /// `http://127.0.0.1:PORT`, the API's origin.
    pub address: String,
    pub client: reqwest::Client,
    pub settings: Settings,
    /// The SMTP server the API mails to (`spawn_with_mail`).
    pub mail: Option<crate::MailCatcher>,
    servers: Vec<ServerHandle>,
    /// The topology run's second API process (see `crate::topology`).
    second_api: Option<crate::process::ApiProcess>,
    /// Which API the next read goes to, when there are two.
    reads: std::sync::atomic::AtomicUsize,
    /// The topology run's gateways, started together at the first
    /// `spawn_gateway`, and how many of them were handed out.
    gateways: Vec<String>,
    gateways_handed: usize,
    // Dropped last: the servers hold connections to it.
    _database: TestDatabase,
}

/// A signed-up user and their tokens.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: Uuid,
    pub username: String,
    pub password: String,
    pub access_token: String,
    pub refresh_token: String,
}

impl TestApp {
    /// A fresh database, a fresh Redis key prefix, and the API serving them.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Like `spawn_with`, with mail on: the API sends over plain SMTP to a
    /// catcher on loopback, which the story reads through `app.inbox()`.
    pub async fn spawn_with_mail(customise: impl FnOnce(&mut Settings)) -> Self {
        let catcher = crate::MailCatcher::start().await;
        let port = catcher.port();
        let mut app = Self::spawn_with(|s| {
            s.mail.enabled = true;
            s.mail.host = "127.0.0.1".into();
            s.mail.port = port;
            s.mail.security = confab_domain::settings::MailSecurity::None;
            s.mail.from = "Confab <confab@confab.test>".into();
            s.public_url = "http://confab.test".into();
            customise(s);
        })
        .await;
        app.mail = Some(catcher);
        app
    }

    /// The mail catcher of an app spawned with mail.
    pub fn inbox(&self) -> &crate::MailCatcher {
        self.mail.as_ref().expect("spawned with mail")
    }

    /// Like `spawn`, with a chance to change settings first.
    pub async fn spawn_with(customise: impl FnOnce(&mut Settings)) -> Self {
        Self::spawn_on(TestDatabase::create().await, customise).await
    }

    /// Like `spawn_with`, on a database the story made (on a server of its own).
    pub async fn spawn_on(database: TestDatabase, customise: impl FnOnce(&mut Settings)) -> Self {
        confab_domain::telemetry::init(&confab_domain::settings::LogSettings {
            level: std::env::var("TEST_LOG").unwrap_or_else(|_| "error".into()),
            format: confab_domain::settings::LogFormat::Pretty,
        });
        let mut settings = Settings::defaults();
        settings.mode = confab_domain::settings::Mode::Dev;
        settings.database.url = SecretString::from(database.url().to_owned());
        // The run's replica serves databases made on the run's server only
        // (not one a story made on a server of its own).
        let replica_admin = std::env::var("CONFAB_TEST_DATABASE_REPLICA_URL").ok();
        if let Some(replica_admin) = replica_admin.filter(|_| database.is_on_run_server()) {
            settings.database.replica_urls =
                vec![SecretString::from(database.url_on(&replica_admin))];
        }
        settings.database.pool_size = 4;
        settings.redis.url = SecretString::from(crate::redis_url());
        settings.redis.cluster_urls = crate::redis_cluster_urls();
        settings.redis.key_prefix = format!("{}:", database.name());
        settings.api.port = 0;
        settings.api.workers = 1;
        settings.gateway.port = 0;
        settings.gateway.workers = 1;
        // Cheap hashing keeps the suite fast; the production cost is a setting.
        settings.auth.argon2 = Argon2Settings {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        };
        // Rate limits get tests of their own; elsewhere they would only get in
        // the way of stories that send a lot.
        settings.limits.enabled = false;
        // Each test's uploads in a directory of its own, removed with the test.
        settings.media.dir = std::env::temp_dir().join(format!("confab-media-{}", database.name()));
        let default_shards = settings.events.relay_shards;
        customise(&mut settings);
        let topology = crate::topology::applies(&settings, &database, default_shards);
        if topology {
            crate::topology::share_the_relay(&mut settings);
        }

        let app = confab_api::startup::Application::build(settings.clone())
            .await
            .expect("build API");
        let address = format!("http://127.0.0.1:{}", app.port());
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        let second_api = if topology {
            let second = crate::process::ApiProcess::start_leading_a_shard(&settings).await;
            crate::topology::record(&format!("api {address}"));
            crate::topology::record(&format!("second-api {}", second.address));
            Some(second)
        } else {
            None
        };
        Self {
            address,
            client: reqwest::Client::new(),
            settings,
            mail: None,
            servers: vec![handle],
            second_api,
            reads: Default::default(),
            gateways: Vec::new(),
            gateways_handed: 0,
            _database: database,
        }
    }

    /// Starts a gateway over the same database and Redis; returns its `/ws` URL.
    /// In the topology run the first call starts all three of the app's
    /// gateways, and each call hands out the next of them.
    pub async fn spawn_gateway(&mut self) -> String {
        if self.second_api.is_some() {
            while self.gateways.len() < crate::topology::GATEWAYS {
                let url = self.start_gateway().await;
                crate::topology::record(&format!("gateway {url}"));
                self.gateways.push(url);
            }
            let url = self.gateways[self.gateways_handed % self.gateways.len()].clone();
            self.gateways_handed += 1;
            return url;
        }
        self.start_gateway().await
    }

    async fn start_gateway(&mut self) -> String {
        let gateway = confab_gateway::startup::Application::build(self.settings.clone())
            .await
            .expect("build gateway");
        let port = gateway.port();
        self.servers.push(gateway.handle());
        tokio::spawn(gateway.run_until_stopped());
        format!("ws://127.0.0.1:{port}/ws")
    }

    /// Like `spawn_gateway`, with the handle that shuts it down as SIGTERM does.
    pub async fn spawn_gateway_with_shutdown(
        &mut self,
    ) -> (String, confab_gateway::startup::Shutdown) {
        let gateway = confab_gateway::startup::Application::build(self.settings.clone())
            .await
            .expect("build gateway");
        let port = gateway.port();
        let shutdown = gateway.shutdown_handle();
        self.servers.push(gateway.handle());
        tokio::spawn(gateway.run_until_stopped());
        (format!("ws://127.0.0.1:{port}/ws"), shutdown)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Where a request goes: reads take turns between the API processes (in
    /// the topology run there are two), everything else to this one.
    pub fn url_for(&self, method: &Method, path: &str) -> String {
        match &self.second_api {
            Some(second) if method == Method::GET => {
                let turn = self
                    .reads
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let address = if turn.is_multiple_of(2) {
                    &self.address
                } else {
                    &second.address
                };
                format!("{address}{path}")
            }
            _ => self.url(path),
        }
    }

    /// A request with an optional bearer token and JSON body.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut request = self
            .client
            .request(method.clone(), self.url_for(&method, path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        crate::contract::checked(&method, path, response).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn signup(&self, username: &str) -> TestUser {
        let password = format!("{username}-password");
        let answer = self
            .anonymous()
            .signup(json!({"username": username, "password": password}))
            .await;
        assert_eq!(answer.status, 201, "signup of {username}");
        let body = answer.ok();
        TestUser {
            id: body.user.profile.id,
            username: body.user.profile.username,
            password,
            access_token: body.tokens.access_token,
            refresh_token: body.tokens.refresh_token,
        }
    }

    /// Signs up with an email (unconfirmed until its mailed link is used).
    pub async fn signup_with_email(&self, username: &str, email: &str) -> TestUser {
        let password = format!("{username}-password");
        let answer = self
            .anonymous()
            .signup(json!({"username": username, "password": password, "email": email}))
            .await;
        assert_eq!(answer.status, 201, "signup of {username}");
        let body = answer.ok();
        TestUser {
            id: body.user.profile.id,
            username: body.user.profile.username,
            password,
            access_token: body.tokens.access_token,
            refresh_token: body.tokens.refresh_token,
        }
    }

    /// A user whose email `<username>@confab.test` is confirmed by following
    /// the mailed link (an app spawned with mail); returns the address too.
    pub async fn verified_user(&self, prefix: &str) -> (TestUser, String) {
        let username = Self::username(prefix);
        let email = format!("{username}@confab.test");
        let user = self.signup_with_email(&username, &email).await;
        let mail = self.inbox().wait_for_mail(&email, 1).await;
        let token = mail.token().expect("a link in the verification mail");
        assert_eq!(self.anonymous().verify_email(&token).await.status, 200);
        (user, email)
    }

    /// Another login of the same account (a second device).
    pub async fn login_again(&self, user: &TestUser) -> TestUser {
        let answer = self.anonymous().login(&user.username, &user.password).await;
        assert_eq!(answer.status, 200, "login of {}", user.username);
        let tokens = answer.ok().tokens;
        TestUser {
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            ..user.clone()
        }
    }

    /// Makes `user` a site administrator the way an operator does: with the
    /// real `confab-api admin grant` command against this app's database.
    pub fn make_site_admin(&self, user: &TestUser) {
        let output = crate::process::configured_command("confab-api", &self.settings)
            .args(["admin", "grant", &user.username])
            .output()
            .expect("run confab-api admin grant");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A unique, valid username.
    pub fn username(prefix: &str) -> String {
        format!("{prefix}_{}", &Uuid::new_v4().simple().to_string()[..8])
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for server in &self.servers {
            // Sends the stop command now; the returned future only waits for it.
            drop(server.stop(false));
        }
        let _ = std::fs::remove_dir_all(&self.settings.media.dir);
    }
}

/// Asserts the SPEC error envelope and returns its code.
pub async fn error_code(response: Response) -> String {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "error is not JSON: {content_type}"
    );
    let body: Value = response.json().await.expect("JSON error body");
    assert!(body["error"]["message"].is_string(), "no message in {body}");
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {body}"))
        .to_owned()
}

/// Social helpers: the steps many stories start with.
impl TestApp {
    /// `a` sends `b` a request and `b` accepts it.
    pub async fn befriend(&self, a: &TestUser, b: &TestUser) {
        let request = self
            .client(a)
            .send_friend_request(crate::To::Username(&b.username))
            .await
            .ok();
        self.client(b).accept_friend_request(request.id).await.ok();
    }

    /// The DM between `a` and `b` (who must be friends); returns its id.
    pub async fn open_dm(&self, a: &TestUser, b: &TestUser) -> Uuid {
        self.client(a).open_dm(b.id).await.ok().id
    }

    /// Sends a message as a raw request; returns the response. For stories
    /// that read what the typed client does not (Retry-After); others use
    /// `app.client(&user).send_message(...)`.
    pub async fn send_message(&self, user: &TestUser, conversation: Uuid, body: Value) -> Response {
        self.post(
            &format!("/api/v1/conversations/{conversation}/messages"),
            Some(&user.access_token),
            body,
        )
        .await
    }

    /// Sends a text message and returns it, asserting 201.
    pub async fn say(
        &self,
        user: &TestUser,
        conversation: Uuid,
        text: &str,
    ) -> confab_domain::messages::Message {
        let answer = self.client(user).say(conversation, text).await;
        assert_eq!(answer.status, 201, "send");
        answer.ok()
    }

    /// The user's `message.mention` notifications, newest first.
    pub async fn mention_notifications(
        &self,
        user: &TestUser,
    ) -> Vec<confab_domain::notifications::Notification> {
        let page = self.client(user).notifications(&[]).await.ok();
        page.items
            .into_iter()
            .filter(|n| n.kind == "message.mention")
            .collect()
    }

    pub async fn get_json(&self, path: &str, user: &TestUser) -> Value {
        let response = self.get(path, Some(&user.access_token)).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.unwrap()
    }
}
