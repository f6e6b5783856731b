//! Typed settings, loaded once at start-up: built-in defaults (good for local
//! development), then an optional TOML file, then `CONFAB_*` environment variables
//! (`CONFAB_DATABASE__URL`, `CONFAB_AUTH__JWT_SECRET`, ...).

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::path::PathBuf;

/// The key used when none is configured. Fine on a laptop, refused anywhere else.
pub const DEV_JWT_SECRET: &str = "confab-dev-only-secret-do-not-use-in-production";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Dev,
    Production,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub mode: Mode,
    pub api: HttpSettings,
    pub gateway: GatewaySettings,
    pub database: DatabaseSettings,
    pub redis: RedisSettings,
    pub auth: AuthSettings,
    pub events: EventsSettings,
    pub media: MediaSettings,
    pub limits: LimitSettings,
    pub oidc: OidcSettings,
    pub mail: MailSettings,
    pub accounts: AccountSettings,
    pub webhooks: WebhookSettings,
    pub push: PushSettings,
    pub fetch: FetchSettings,
    pub log: LogSettings,
    /// Where people reach the web app (`https://chat.example.org`): the links
    /// in mails start with it.
    pub public_url: String,
}

/// Sending mail over SMTP (off by default: everything but the mailed links
/// works without it, and the web app says so).
#[derive(Debug, Clone, Deserialize)]
pub struct MailSettings {
    pub enabled: bool,
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    /// Empty: no authentication (a relay on the same machine).
    pub username: String,
    pub password: SecretString,
    /// `Name <address>` or `address`.
    pub from: String,
    pub timeout_secs: u64,
    /// Also mail the account's proven address when an unknown device logs in
    /// (the notification is always made).
    pub new_login_alerts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailSecurity {
    /// Plain SMTP: only to a relay on loopback (refused elsewhere).
    None,
    /// Plain, then upgraded with STARTTLS (required, never optional).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// Account recovery and proof of email.
#[derive(Debug, Clone, Deserialize)]
pub struct AccountSettings {
    /// Logins wait until the account's email is proven (sign-up then needs an
    /// email, and mail must be enabled).
    pub require_verified_email: bool,
    /// How long a mailed verification or reset link works.
    pub mailed_link_ttl_secs: u64,
    /// How long an operator's `admin reset-link` works.
    pub operator_link_ttl_secs: u64,
}

/// At most `count` per `window_secs`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Rule {
    pub count: u32,
    pub window_secs: u64,
}

/// Every rate limit (`limits::RateLimiter`), by what it protects.
#[derive(Debug, Clone, Deserialize)]
pub struct LimitSettings {
    /// Switch every limit off (local load tests).
    pub enabled: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy
    /// that sets it, such as the Nginx site in deploy/).
    pub trust_forwarded_for: bool,
    pub login_per_ip: Rule,
    /// Failed logins per (account, address) before that address is refused for
    /// that account for the rest of the window: the brake on guessing that a
    /// stranger cannot turn against the owner.
    pub login_failures_per_account_ip: Rule,
    /// Failed logins per account from devices it does not know, from anywhere:
    /// the brake on guessing spread over many addresses. Known devices pass.
    pub login_failures_per_account: Rule,
    /// Failed logins from one known device (see api/devices.rs).
    pub login_failures_per_device: Rule,
    pub signup_per_ip: Rule,
    pub refresh_per_ip: Rule,
    pub refresh_per_user: Rule,
    /// Attempts to change the password (each runs a hash).
    pub password_changes_per_user: Rule,
    /// Attempts to delete the account (each runs a hash).
    pub account_deletions_per_user: Rule,
    pub messages_per_user: Rule,
    pub messages_per_ip: Rule,
    pub friend_requests_per_user: Rule,
    pub uploads_per_user: Rule,
    pub uploads_per_ip: Rule,
    /// Searches of message history (each one reads an index).
    pub searches_per_user: Rule,
    /// Mails asked for from one address (verification, password reset).
    pub mail_requests_per_ip: Rule,
    /// Mails sent to one account (verification, password reset).
    pub mail_requests_per_user: Rule,
    /// Attempts to use a reset link, a recovery code or a second factor, per
    /// address and per account.
    pub recovery_attempts_per_ip: Rule,
    pub recovery_attempts_per_user: Rule,
    /// Data exports started (each reads all of a user's data and writes an
    /// archive).
    pub exports_per_user: Rule,
    /// Drafts saved (the web app saves at most about once a second while typing).
    pub drafts_per_user: Rule,
    /// Changes to one's own settings that others never see (notification
    /// levels and mutes).
    pub preference_changes_per_user: Rule,
    /// Reports filed (each notifies a queue's handlers).
    pub reports_per_user: Rule,
}

/// Signing in with an external OpenID Connect provider (off by default).
#[derive(Debug, Clone, Deserialize)]
pub struct OidcSettings {
    pub enabled: bool,
    /// The provider's issuer URL, exactly as its tokens' `iss` says it.
    pub issuer: String,
    /// Our client id at the provider: the tokens' `aud` must contain it.
    pub audience: String,
    /// Where the provider publishes its signing keys (JWKS).
    pub jwks_url: String,
    /// A token signed by an unknown key makes us fetch the keys again, at most
    /// this often.
    pub jwks_refresh_min_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MediaSettings {
    /// Where uploads are stored (the API process needs write access; nothing else).
    pub dir: PathBuf,
    /// Largest upload per kind, in bytes.
    pub image_max_bytes: u64,
    pub audio_max_bytes: u64,
    pub video_max_bytes: u64,
    /// The longer side of an image thumbnail, in pixels.
    pub thumbnail_px: u32,
    /// Images decoded at once for thumbnails (each may take a core for a while).
    pub processing_workers: usize,
    /// Uploads never attached to anything are deleted after this long.
    pub orphan_ttl_secs: u64,
    pub cleanup_interval_secs: u64,
    /// Behind Nginx: answer media requests with `X-Accel-Redirect` to this internal
    /// location (which maps to `dir`), so Nginx sends the bytes. Empty: the API
    /// streams files itself.
    pub accel_redirect_location: String,
}

/// Delivering events to outgoing webhooks (docs/api.md, "Webhooks").
#[derive(Debug, Clone, Deserialize)]
pub struct WebhookSettings {
    /// Whether this API process delivers (any number may; they share the work).
    pub deliver: bool,
    /// Deliveries in flight at once, per process.
    pub concurrency: usize,
    /// The longest a worker sleeps between looks for due deliveries.
    pub poll_ms: u64,
    /// The time a receiver gets to answer.
    pub timeout_ms: u64,
    /// The wait before the first retry; it doubles each time, up to `retry_max_ms`.
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    /// A delivery is retried for this long; when it still has not got
    /// through, the subscription is disabled and its owner told.
    pub retry_window_secs: u64,
    /// Delivery logs are kept this long.
    pub log_retention_secs: u64,
}

/// Web Push (docs/operations.md, "Web Push"): off until a VAPID key is set
/// (`confab-api vapid-keys` makes one).
#[derive(Debug, Clone, Deserialize)]
pub struct PushSettings {
    /// The VAPID private key: a P-256 scalar, base64url without padding.
    /// Empty: no pushes, and subscribing is refused.
    pub vapid_private_key: SecretString,
    /// Who push services may contact about our pushes: `mailto:` or
    /// `https:`; empty means the public URL.
    pub subject: String,
    /// Whether this API process sends pushes (any number may; they share the work).
    pub deliver: bool,
    /// Pushes in flight at once, per process.
    pub concurrency: usize,
    /// The longest a worker sleeps between looks for due pushes.
    pub poll_ms: u64,
    /// The time a push service gets to answer.
    pub timeout_ms: u64,
    /// The wait before the first retry; it doubles each time, up to `retry_max_ms`.
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    /// A push is retried for this long, then dropped.
    pub retry_window_secs: u64,
    /// How long a push service keeps a push for a device that is offline.
    pub ttl_secs: u32,
}

/// Requests the server makes to URLs users give (webhook receivers, link
/// previews, push services): see `crate::fetch`.
#[derive(Debug, Clone, Deserialize)]
pub struct FetchSettings {
    /// Addresses reachable although not public: for tests that run a server on
    /// loopback, one address at a time. Refused unless `mode = "dev"`.
    pub allow_addresses: Vec<std::net::IpAddr>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventsSettings {
    /// Streams users are spread over. Raising it starts new streams (clients get
    /// `resync` once); see docs/protocol.md.
    pub partitions: u16,
    /// Entries kept per partition stream (`XADD MAXLEN ~`): the resume window.
    pub stream_maxlen: usize,
    /// Whether this API process takes part in relaying the outbox to Redis (one
    /// process leads at a time).
    pub relay: bool,
    pub relay_batch_size: i64,
    /// Relay shards: the partitions are divided among this many publishers,
    /// each led by one API process at a time, so that many processes publish
    /// in parallel (at most `partitions`). Every process must use the same
    /// value; docs/scaling.md says when to raise it.
    pub relay_shards: u16,
    /// The longest the relay sleeps without a wake-up.
    pub relay_poll_ms: u64,
    /// Published events the relay leader keeps in memory, to publish again if
    /// Redis restarts without its data (or is restored stale).
    pub replay_window_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct HttpSettings {
    pub host: String,
    pub port: u16,
    /// 0 means one worker per core.
    pub workers: usize,
    /// Largest JSON body accepted, in bytes.
    pub json_limit: usize,
    /// Seconds in-flight requests get to finish after SIGTERM.
    pub shutdown_timeout_secs: u64,
    /// Apply pending migrations before serving (handy in dev; in production run
    /// `confab-api migrate` as its own step).
    pub migrate_on_start: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GatewaySettings {
    pub host: String,
    pub port: u16,
    pub workers: usize,
    /// The client is told to ping this often.
    pub heartbeat_interval_ms: u64,
    /// A socket that sends nothing for this long is closed.
    pub heartbeat_timeout_ms: u64,
    /// A socket must identify within this time after the upgrade.
    pub identify_timeout_ms: u64,
    /// Largest client frame accepted, in bytes.
    pub max_frame_bytes: usize,
    pub shutdown_timeout_secs: u64,
    /// Events queued for one socket before it counts as too slow and is closed.
    pub queue_capacity: usize,
    /// A socket whose writes stay blocked this long is closed as too slow.
    pub write_timeout_ms: u64,
    /// Client frames per second allowed per socket, and the burst above it.
    pub flood_rate_per_sec: f64,
    pub flood_burst: f64,
    /// Sockets one user may have open at once, over every gateway (counted from
    /// presence); the next is closed with 4005.
    pub max_sockets_per_user: usize,
    /// Sockets one client address (IPv6: its /64) may have open at once on one
    /// gateway process; Nginx's `limit_conn` caps it over all of them.
    pub max_sockets_per_ip: usize,
    /// A socket's `presence` changes (away / online) take effect at most this
    /// often; the latest one waiting is applied when the time comes.
    pub presence_min_interval_ms: u64,
    /// How often a gateway looks for users whose connections all expired (a
    /// killed gateway's users): they go offline within heartbeat_timeout_ms +
    /// this.
    pub presence_sweep_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub url: SecretString,
    /// Small on purpose: concurrent commits share WAL flushes, so a few busy
    /// connections beat many idle ones.
    pub pool_size: usize,
    /// Tasks writing message batches, each on a pooled connection. Few is right:
    /// sends queue up while a batch commits and go into the next one, so fewer
    /// writers mean bigger batches and fewer commits for the same traffic.
    pub message_writers: usize,
    pub connect_timeout_ms: u64,
    /// Streaming replicas of `url`, for reads that tolerate some lag (in a
    /// file a list, in `CONFAB_DATABASE__REPLICA_URLS` separated by commas).
    /// Each gets a pool of `pool_size`.
    #[serde(default, deserialize_with = "list_or_comma_separated")]
    pub replica_urls: Vec<SecretString>,
    /// The most a replica read may lag: a replica further behind is not
    /// read, and a user who wrote reads the primary for this long.
    pub replica_max_lag_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RedisSettings {
    /// The one Redis server, unless `cluster_urls` names a cluster.
    pub url: SecretString,
    /// Some nodes of a Redis Cluster (the client learns the rest from them);
    /// when given, `url` is not used. In a file a list, in the environment
    /// (`CONFAB_REDIS__CLUSTER_URLS`) separated by commas.
    #[serde(default, deserialize_with = "list_or_comma_separated")]
    pub cluster_urls: Vec<SecretString>,
    /// Prepended to every key, so several deployments (or tests) can share one Redis.
    pub key_prefix: String,
    pub pool_size: usize,
    pub timeout_ms: u64,
}

impl RedisSettings {
    pub fn is_cluster(&self) -> bool {
        !self.cluster_urls.is_empty()
    }
}

/// The items, trimmed, without empty ones.
fn secrets<'a>(items: impl Iterator<Item = &'a str>) -> Vec<SecretString> {
    items
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| SecretString::from(item.to_owned()))
        .collect()
}

/// A list written as one string, its items separated by commas (what an
/// environment variable can hold, e.g. `CONFAB_REDIS__CLUSTER_URLS`).
pub fn comma_separated_secrets(text: &str) -> Vec<SecretString> {
    secrets(text.split(','))
}

/// A list, or one string of items separated by commas. Empty items are dropped.
fn list_or_comma_separated<'de, D>(deserializer: D) -> Result<Vec<SecretString>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ListOrText {
        List(Vec<String>),
        Text(String),
    }
    Ok(match ListOrText::deserialize(deserializer)? {
        ListOrText::List(items) => secrets(items.iter().map(String::as_str)),
        ListOrText::Text(text) => comma_separated_secrets(&text),
    })
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    pub jwt_secret: SecretString,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_secs: u64,
    pub argon2: Argon2Settings,
    /// Password hashes run at once (each takes `argon2.memory_kib` and a core
    /// for ~50 ms); 0 means one per core.
    pub max_concurrent_hashes: usize,
    /// Hashes allowed to wait for a free slot; past it, and after waiting
    /// `hash_wait_ms`, the call is answered 503 `busy` at once.
    pub hash_queue: usize,
    pub hash_wait_ms: u64,
}

/// Argon2id cost. The defaults follow OWASP's recommendation (19 MiB, 2 passes).
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Argon2Settings {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    /// An `EnvFilter` directive, e.g. `info,confab_api=debug`. `RUST_LOG` wins when set.
    pub level: String,
    pub format: LogFormat,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not load settings: {0}")]
    Load(#[from] config::ConfigError),
    #[error("refusing to start: {0}")]
    Unsafe(String),
}

const DEFAULTS: &str = r#"
mode = "production"
public_url = "http://localhost:8080"

[api]
host = "127.0.0.1"
port = 8081
workers = 0
json_limit = 65536
shutdown_timeout_secs = 30
migrate_on_start = false

[gateway]
host = "127.0.0.1"
port = 8082
workers = 0
heartbeat_interval_ms = 20000
heartbeat_timeout_ms = 45000
identify_timeout_ms = 10000
max_frame_bytes = 16384
shutdown_timeout_secs = 10
queue_capacity = 512
write_timeout_ms = 10000
flood_rate_per_sec = 20.0
flood_burst = 40.0
presence_sweep_ms = 5000
max_sockets_per_user = 20
max_sockets_per_ip = 200
presence_min_interval_ms = 5000

[database]
url = "postgres://postgres@127.0.0.1:5432/confab"
pool_size = 8
message_writers = 2
connect_timeout_ms = 5000
replica_urls = []
replica_max_lag_ms = 1000

[redis]
url = "redis://127.0.0.1:6379"
key_prefix = "confab:"
pool_size = 16
timeout_ms = 2000

[auth]
jwt_secret = "confab-dev-only-secret-do-not-use-in-production"
access_token_ttl_secs = 900
refresh_token_ttl_secs = 2592000
max_concurrent_hashes = 0
hash_queue = 32
hash_wait_ms = 2000

[auth.argon2]
memory_kib = 19456
iterations = 2
parallelism = 1

[events]
partitions = 8
stream_maxlen = 100000
relay = true
relay_batch_size = 500
relay_shards = 1
relay_poll_ms = 500
replay_window_secs = 60

[media]
dir = "var/media"
image_max_bytes = 10485760
audio_max_bytes = 26214400
video_max_bytes = 104857600
thumbnail_px = 320
processing_workers = 1
orphan_ttl_secs = 86400
cleanup_interval_secs = 600
accel_redirect_location = ""

[limits]
enabled = true
trust_forwarded_for = false
login_per_ip = { count = 30, window_secs = 60 }
login_failures_per_account_ip = { count = 10, window_secs = 900 }
login_failures_per_account = { count = 100, window_secs = 900 }
login_failures_per_device = { count = 10, window_secs = 900 }
signup_per_ip = { count = 10, window_secs = 3600 }
refresh_per_ip = { count = 120, window_secs = 60 }
refresh_per_user = { count = 120, window_secs = 3600 }
password_changes_per_user = { count = 10, window_secs = 3600 }
account_deletions_per_user = { count = 10, window_secs = 3600 }
messages_per_user = { count = 60, window_secs = 10 }
messages_per_ip = { count = 300, window_secs = 10 }
friend_requests_per_user = { count = 60, window_secs = 3600 }
uploads_per_user = { count = 60, window_secs = 3600 }
uploads_per_ip = { count = 200, window_secs = 3600 }
searches_per_user = { count = 30, window_secs = 10 }
mail_requests_per_ip = { count = 20, window_secs = 3600 }
mail_requests_per_user = { count = 5, window_secs = 3600 }
recovery_attempts_per_ip = { count = 30, window_secs = 900 }
recovery_attempts_per_user = { count = 10, window_secs = 900 }
exports_per_user = { count = 3, window_secs = 86400 }
drafts_per_user = { count = 300, window_secs = 60 }
preference_changes_per_user = { count = 120, window_secs = 60 }
reports_per_user = { count = 10, window_secs = 3600 }

[mail]
enabled = false
host = ""
port = 587
security = "starttls"
username = ""
password = ""
from = "Confab <confab@localhost>"
timeout_secs = 10
new_login_alerts = true

[accounts]
require_verified_email = false
mailed_link_ttl_secs = 1800
operator_link_ttl_secs = 900

[oidc]
enabled = false
issuer = ""
audience = ""
jwks_url = ""
jwks_refresh_min_secs = 30

[webhooks]
deliver = true
concurrency = 8
poll_ms = 1000
timeout_ms = 5000
retry_base_ms = 10000
retry_max_ms = 3600000
retry_window_secs = 86400
log_retention_secs = 604800

[push]
vapid_private_key = ""
subject = ""
deliver = true
concurrency = 8
poll_ms = 1000
timeout_ms = 5000
retry_base_ms = 10000
retry_max_ms = 3600000
retry_window_secs = 86400
ttl_secs = 86400

[fetch]
allow_addresses = []

[log]
level = "info"
format = "json"
"#;

impl Settings {
    /// Defaults, then the file named by `file` (or `CONFAB_CONFIG`), then `CONFAB_*`.
    pub fn load(file: Option<PathBuf>) -> Result<Self, SettingsError> {
        let file = file.or_else(|| std::env::var_os("CONFAB_CONFIG").map(PathBuf::from));
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml));
        if let Some(path) = file {
            builder = builder.add_source(config::File::from(path).required(true));
        }
        let settings: Settings = builder
            .add_source(
                config::Environment::with_prefix("CONFAB")
                    .prefix_separator("_")
                    .separator("__"),
            )
            .build()?
            .try_deserialize()?;
        settings.check()?;
        Ok(settings)
    }

    /// Built-in defaults only; what tests start from before pointing at their own
    /// database and Redis.
    pub fn defaults() -> Self {
        config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .build()
            .and_then(|c| c.try_deserialize())
            .expect("built-in defaults are valid")
    }

    /// Settings that would be dangerous in production are refused. The built-in
    /// key is public, so it is accepted only when asked for (`mode = "dev"`) on
    /// a machine that serves nobody else (both services listen on loopback):
    /// a config that forgets `mode` must not let anyone forge tokens.
    pub fn check(&self) -> Result<(), SettingsError> {
        if self.events.relay_shards == 0 || self.events.relay_shards > self.events.partitions {
            return Err(SettingsError::Unsafe(format!(
                "events.relay_shards must be between 1 and events.partitions ({}); it is {}",
                self.events.partitions, self.events.relay_shards
            )));
        }
        let secret = self.auth.jwt_secret.expose_secret();
        if secret == DEV_JWT_SECRET {
            if self.mode != Mode::Dev {
                return Err(SettingsError::Unsafe(
                    "auth.jwt_secret is the built-in development key; set CONFAB_AUTH__JWT_SECRET (or mode = \"dev\" on a loopback address)"
                        .into(),
                ));
            }
            for (service, host) in [("api", &self.api.host), ("gateway", &self.gateway.host)] {
                if !is_loopback(host) {
                    return Err(SettingsError::Unsafe(format!(
                        "the built-in development key is only accepted on loopback; {service}.host is {host}"
                    )));
                }
            }
        }
        if self.mail.enabled
            && self.mail.security == MailSecurity::None
            && !is_loopback(&self.mail.host)
        {
            return Err(SettingsError::Unsafe(format!(
                "mail.security = \"none\" sends mail (and the SMTP password) in the clear; it is only accepted for a relay on loopback, and mail.host is {}",
                self.mail.host
            )));
        }
        if self.accounts.require_verified_email && !self.mail.enabled {
            return Err(SettingsError::Unsafe(
                "accounts.require_verified_email needs mail.enabled: nobody could prove an email"
                    .into(),
            ));
        }
        if !self.fetch.allow_addresses.is_empty() && self.mode != Mode::Dev {
            return Err(SettingsError::Unsafe(
                "fetch.allow_addresses would let anyone make the server call those addresses; it is for tests (mode = \"dev\") only"
                    .into(),
            ));
        }
        if self.webhooks.timeout_ms == 0 || self.webhooks.timeout_ms > 60_000 {
            return Err(SettingsError::Unsafe(
                "webhooks.timeout_ms must be between 1 and 60000".into(),
            ));
        }
        if self.push.timeout_ms == 0 || self.push.timeout_ms > 60_000 {
            return Err(SettingsError::Unsafe(
                "push.timeout_ms must be between 1 and 60000".into(),
            ));
        }
        if secret.len() < 32 {
            return Err(SettingsError::Unsafe(
                "auth.jwt_secret must be at least 32 bytes".into(),
            ));
        }
        Ok(())
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_production_and_refuse_the_dev_key() {
        let s = Settings::defaults();
        assert_eq!(s.mode, Mode::Production);
        assert!(matches!(s.check(), Err(SettingsError::Unsafe(_))));
    }

    #[test]
    fn the_dev_key_needs_dev_mode_and_loopback() {
        let mut s = Settings::defaults();
        s.mode = Mode::Dev;
        assert!(s.check().is_ok());
        s.gateway.host = "[::1]".into();
        assert!(s.check().is_ok());
        s.api.host = "0.0.0.0".into();
        assert!(matches!(s.check(), Err(SettingsError::Unsafe(m)) if m.contains("loopback")));
        s.auth.jwt_secret = SecretString::from("x".repeat(40));
        assert!(s.check().is_ok(), "a real key may listen anywhere");
    }

    #[test]
    fn production_refuses_the_dev_key() {
        let mut s = Settings::defaults();
        s.mode = Mode::Production;
        assert!(matches!(s.check(), Err(SettingsError::Unsafe(_))));
        s.auth.jwt_secret = SecretString::from("x".repeat(40));
        assert!(s.check().is_ok());
    }

    #[test]
    fn private_fetch_destinations_are_for_dev_only() {
        let mut s = Settings::defaults();
        s.auth.jwt_secret = SecretString::from("x".repeat(40));
        s.fetch.allow_addresses = vec!["127.0.0.1".parse().unwrap()];
        s.mode = Mode::Production;
        assert!(
            matches!(s.check(), Err(SettingsError::Unsafe(m)) if m.contains("fetch.allow_addresses"))
        );
        s.mode = Mode::Dev;
        assert!(s.check().is_ok());
    }

    #[test]
    fn the_example_file_parses_and_production_demands_a_real_key() {
        let example =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../deploy/confab.example.toml");
        match Settings::load(Some(example)) {
            Err(SettingsError::Unsafe(message)) => assert!(message.contains("jwt_secret")),
            other => panic!("expected the dev key to be refused, got {other:?}"),
        }
    }

    fn redis_from(toml: &str) -> RedisSettings {
        config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .add_source(config::File::from_str(toml, config::FileFormat::Toml))
            .build()
            .and_then(|c| c.try_deserialize::<Settings>())
            .expect("settings")
            .redis
    }

    #[test]
    fn cluster_urls_are_a_list_in_a_file_or_comma_separated_text() {
        let urls = |r: &RedisSettings| -> Vec<String> {
            r.cluster_urls
                .iter()
                .map(|u| u.expose_secret().to_owned())
                .collect()
        };
        assert!(!Settings::defaults().redis.is_cluster());
        let listed = redis_from("[redis]\ncluster_urls = [\"redis://a:7000\", \"redis://b:7001\"]");
        assert_eq!(urls(&listed), ["redis://a:7000", "redis://b:7001"]);
        let text = redis_from("[redis]\ncluster_urls = \"redis://a:7000, redis://b:7001,\"");
        assert_eq!(urls(&text), ["redis://a:7000", "redis://b:7001"]);
        assert!(text.is_cluster());
        assert!(!redis_from("[redis]\ncluster_urls = \"\"").is_cluster());
    }

    #[test]
    fn short_keys_are_refused() {
        let mut s = Settings::defaults();
        s.auth.jwt_secret = SecretString::from("short");
        assert!(s.check().is_err());
    }
}
