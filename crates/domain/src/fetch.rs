//! Reaching URLs that users give the server (webhook receivers; link previews
//! will use it too) without letting anyone point the server at itself or the
//! network behind it.
//!
//! The rules: only `http`/`https`, no credentials in the URL; the host name is
//! resolved once, by our own resolver, which keeps only public addresses, and
//! the connection goes to exactly those (so a name that answers differently the
//! second time, "DNS rebinding", gains nothing); an address written in the URL
//! is checked the same way; no proxy (it would resolve the name for us), no
//! redirects (each hop would be a new destination), no cookies, a time limit
//! and an honest User-Agent.
//!
//! Redirects (where a caller follows them) are checked hop by hop: a name
//! through the same resolver, an address in the `Location` header here, at
//! most a few hops. Bodies are read up to a cap.
//!
//! `fetch.allow_addresses` lets tests reach the loopback addresses they name;
//! the settings refuse it outside `mode = "dev"`.

use crate::error::{Error, ErrorCode, Result};
use futures_util::future::BoxFuture;
use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest URL accepted.
pub const URL_MAX: usize = 2048;

/// Parses a URL a user gives: absolute `http(s)`, a host, no user or password.
pub fn parse_url(raw: &str) -> Result<Url> {
    let invalid = |why: &str| Error::new(ErrorCode::InvalidWebhookUrl, why.to_owned());
    if raw.len() > URL_MAX {
        return Err(invalid("the URL is longer than 2048 characters"));
    }
    let url = Url::parse(raw).map_err(|_| invalid("not an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("only http and https URLs can be reached"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("the URL has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("credentials do not belong in the URL"));
    }
    Ok(url)
}

/// Whether the internet at large could be reached at `ip`: not this machine,
/// not a private or carrier network, not link-local (cloud metadata lives at
/// 169.254.169.254), not multicast, broadcast, reserved or documentation space;
/// IPv6 forms that carry an IPv4 address are judged by that address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    let embedded_v4 = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s[0] {
        // NAT64 (64:ff9b::/96) reaches the IPv4 address it carries.
        0x0064 if s[1] == 0xff9b => is_public_v4(embedded_v4(s[6], s[7])),
        // 6to4 (2002::/16) likewise.
        0x2002 => is_public_v4(embedded_v4(s[1], s[2])),
        // Teredo (2001::/32) tunnels to an address it hides; documentation (2001:db8::/32).
        0x2001 if s[1] == 0 || s[1] == 0x0db8 => false,
        _ => {
            !(ip.is_unspecified()
                || ip.is_loopback()
                || ip.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0 && s[1..6].iter().all(|&x| x == 0))) // IPv4-compatible and other ::/80
        }
    }
}

/// Answers a host name with its addresses. The system's resolver in
/// production; tests give their own (names that lead to private addresses, a
/// name that answers differently the second time).
pub trait Lookup: Send + Sync + 'static {
    fn lookup(&self, host: String) -> BoxFuture<'static, std::io::Result<Vec<IpAddr>>>;
}

/// The operating system's resolver.
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: String) -> BoxFuture<'static, std::io::Result<Vec<IpAddr>>> {
        Box::pin(async move {
            Ok(tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .map(|a| a.ip())
                .collect())
        })
    }
}

/// Which addresses may be reached: public ones, and those a test allowed.
#[derive(Debug, Clone, Default)]
struct AddressRule {
    allowed: Vec<IpAddr>,
}

impl AddressRule {
    fn permits(&self, ip: IpAddr) -> bool {
        is_public(ip) || self.allowed.contains(&ip)
    }

    /// Refuses a URL whose host is an address that may not be reached (a name
    /// is judged when it is resolved, at connection time).
    fn check_literal(&self, url: &Url) -> Result<()> {
        let literal = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            _ => None,
        };
        match literal {
            Some(ip) if !self.permits(ip) => Err(Error::new(
                ErrorCode::ForbiddenDestination,
                format!("{ip} is not a public address"),
            )),
            _ => Ok(()),
        }
    }
}

/// The resolver the client connects through: one lookup per connection, and
/// only the addresses the rule permits are handed on (so the connection goes
/// to an address that was checked, never to a second answer).
struct CheckedResolver {
    lookup: Arc<dyn Lookup>,
    rule: AddressRule,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let (lookup, rule) = (self.lookup.clone(), self.rule.clone());
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = lookup
                .lookup(host.clone())
                .await?
                .into_iter()
                .filter(|ip| rule.permits(*ip))
                .map(|ip| SocketAddr::new(ip, 0))
                .collect();
            if found.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// What a receiver answered, or why there was no answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The HTTP status; None when the request failed before one came.
    pub status: Option<u16>,
    pub latency: Duration,
    /// Why it failed (no status, or not 2xx), in words for the log.
    pub error: Option<String>,
}

impl Answer {
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// A page read with [`PublicClient::get_page`].
#[derive(Debug, Clone)]
pub struct Page {
    /// Where it was read from, after redirects.
    pub url: Url,
    pub content_type: String,
    /// At most the cap asked for.
    pub body: Vec<u8>,
    /// The page was longer than the cap: `body` is its beginning.
    pub truncated: bool,
}

/// How a [`PublicClient`] behaves.
#[derive(Clone)]
pub struct ClientRules {
    pub user_agent: String,
    /// For the whole request, redirects and body included.
    pub timeout: Duration,
    /// Redirects followed, each hop checked again; 0 follows none.
    pub max_redirects: usize,
    /// Addresses reachable although not public (tests only; see the settings).
    pub allowed: Vec<IpAddr>,
}

/// An HTTP client held to the rules above.
#[derive(Clone)]
pub struct PublicClient {
    client: reqwest::Client,
    rule: AddressRule,
    lookup: Arc<dyn Lookup>,
}

impl PublicClient {
    /// The webhook client: no redirects.
    pub fn new(user_agent: &str, timeout: Duration, allowed: Vec<IpAddr>) -> Result<Self> {
        Self::with_rules(
            ClientRules {
                user_agent: user_agent.to_owned(),
                timeout,
                max_redirects: 0,
                allowed,
            },
            Arc::new(SystemLookup),
        )
    }

    pub fn with_rules(rules: ClientRules, lookup: Arc<dyn Lookup>) -> Result<Self> {
        let rule = AddressRule {
            allowed: rules.allowed,
        };
        let max_redirects = rules.max_redirects;
        let hop_rule = rule.clone();
        // Names of later hops go through the resolver below; an address
        // written in a Location header does not, so it is checked here.
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                attempt.error(format!("more than {max_redirects} redirects"))
            } else if let Err(refused) = hop_rule.check_literal(attempt.url()) {
                attempt.error(refused.to_string())
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                attempt.error("a redirect to another scheme")
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(CheckedResolver {
                lookup: lookup.clone(),
                rule: rule.clone(),
            }))
            .no_proxy()
            .redirect(redirects)
            .timeout(rules.timeout)
            .connect_timeout(rules.timeout)
            .user_agent(rules.user_agent)
            .build()
            .map_err(|e| Error::internal(format!("building the HTTP client: {e}")))?;
        Ok(Self {
            client,
            rule,
            lookup,
        })
    }

    /// Refuses a URL whose host is an address that is not public (a name is
    /// checked when it is resolved, at connection time).
    pub fn check_destination(&self, url: &Url) -> Result<()> {
        self.rule.check_literal(url)
    }

    /// Resolves the URL's host now, as a request would: a name that has no
    /// public address is refused up front rather than at every request.
    pub async fn check_reachable(&self, url: &Url) -> Result<()> {
        self.check_destination(url)?;
        let Some(url::Host::Domain(host)) = url.host() else {
            return Ok(());
        };
        let resolved = self
            .lookup
            .lookup(host.to_owned())
            .await
            .unwrap_or_default();
        if resolved.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidWebhookUrl,
                format!("{host} does not resolve"),
            ));
        }
        if !resolved.iter().any(|ip| self.rule.permits(*ip)) {
            return Err(Error::new(
                ErrorCode::ForbiddenDestination,
                format!("{host} resolves to no public address"),
            ));
        }
        Ok(())
    }

    /// POSTs `body` as JSON with `headers`.
    pub async fn post_json(&self, url: &Url, headers: &[(&str, String)], body: Vec<u8>) -> Answer {
        let mut with_type = vec![("content-type", "application/json".to_owned())];
        with_type.extend(headers.iter().map(|(n, v)| (*n, v.clone())));
        self.post(url, &with_type, body).await
    }

    /// POSTs `body` with `headers` (its type among them).
    pub async fn post(&self, url: &Url, headers: &[(&str, String)], body: Vec<u8>) -> Answer {
        let started = Instant::now();
        if let Err(refused) = self.check_destination(url) {
            return Answer {
                status: None,
                latency: started.elapsed(),
                error: Some(refused.to_string()),
            };
        }
        let mut request = self.client.post(url.clone()).body(body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status();
                let latency = started.elapsed();
                Answer {
                    status: Some(status.as_u16()),
                    latency,
                    error: (!status.is_success()).then(|| format!("answered {status}")),
                }
            }
            Err(e) => Answer {
                status: None,
                latency: started.elapsed(),
                error: Some(describe(&e)),
            },
        }
    }

    /// GETs a page of one of the `accepted` media types (`text/html`, ...),
    /// reading at most `max_bytes` of it. Refused, with the reason in words: a
    /// destination the rules refuse (on any hop), a non-2xx answer, another
    /// type, the time limit.
    pub async fn get_page(
        &self,
        url: &Url,
        accepted: &[&str],
        max_bytes: usize,
    ) -> std::result::Result<Page, String> {
        self.check_destination(url).map_err(|e| e.to_string())?;
        let mut response = self
            .client
            .get(url.clone())
            .header(reqwest::header::ACCEPT, accepted.join(", "))
            .send()
            .await
            .map_err(|e| describe(&e))?;
        if !response.status().is_success() {
            return Err(format!("answered {}", response.status()));
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        if !accepted.contains(&essence.as_str()) {
            return Err(format!("a {essence:?} page, not one of {accepted:?}"));
        }
        let final_url = response.url().clone();
        let mut body = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
            let room = max_bytes - body.len();
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Page {
            url: final_url,
            content_type: essence,
            body,
            truncated,
        })
    }
}

/// A failed request in a few words, its cause chain included (the resolver's
/// refusal is at the bottom).
fn describe(e: &reqwest::Error) -> String {
    let mut words = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "could not connect".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        words.push_str(": ");
        words.push_str(&cause.to_string());
        source = cause.source();
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(s: &str) -> bool {
        is_public(s.parse().unwrap())
    }

    #[test]
    fn only_public_addresses_pass() {
        for refused in [
            "127.0.0.1",
            "127.8.9.10",
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "172.16.5.4",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001:0:4136:e378::1",
        ] {
            assert!(!public(refused), "{refused} must be refused");
        }
        for allowed in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::",
        ] {
            assert!(public(allowed), "{allowed} is public");
        }
    }

    #[test]
    fn urls_are_held_to_the_rules() {
        for bad in [
            "",
            "not a url",
            "/relative",
            "ftp://example.org/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "http://user:pass@example.org/",
            "http://user@example.org/",
        ] {
            assert!(parse_url(bad).is_err(), "{bad:?}");
        }
        assert!(parse_url(&format!("https://example.org/{}", "a".repeat(URL_MAX))).is_err());
        assert!(parse_url("https://hooks.example.org/in?x=1").is_ok());
    }

    #[tokio::test]
    async fn literal_private_destinations_are_refused_unless_allowed() {
        let strict = PublicClient::new("test", Duration::from_secs(1), Vec::new()).unwrap();
        for url in [
            "http://127.0.0.1:9/",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:10.0.0.1]/",
            "http://0.0.0.0/",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://017700000001/",
        ] {
            let url = parse_url(url).unwrap();
            assert!(strict.check_destination(&url).is_err(), "{url}");
            let answer = strict.post_json(&url, &[], b"{}".to_vec()).await;
            assert!(answer.status.is_none() && answer.error.is_some(), "{url}");
        }
        let lax = PublicClient::new(
            "test",
            Duration::from_secs(1),
            vec!["127.0.0.1".parse().unwrap()],
        )
        .unwrap();
        assert!(
            lax.check_destination(&parse_url("http://127.0.0.1:9/").unwrap())
                .is_ok()
        );
        // Only the address named.
        assert!(
            lax.check_destination(&parse_url("http://127.0.0.2:9/").unwrap())
                .is_err()
        );
    }

    #[tokio::test]
    async fn names_resolving_to_private_addresses_are_refused() {
        let strict = PublicClient::new("test", Duration::from_secs(1), Vec::new()).unwrap();
        let url = parse_url("http://localhost:9/").unwrap();
        assert!(strict.check_reachable(&url).await.is_err());
        let answer = strict.post_json(&url, &[], b"{}".to_vec()).await;
        assert_eq!(answer.status, None);
        assert!(
            answer
                .error
                .as_deref()
                .unwrap_or("")
                .contains("no public address"),
            "{answer:?}"
        );
    }
}
