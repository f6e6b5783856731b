//! The public-only fetcher against real sockets on loopback. A page server
//! listens on 127.0.0.1, the one address the tests allow; a sentinel listens on
//! 127.0.0.2 (as private as any other) and counts every connection it gets:
//! whatever a name, an address or a redirect says, it must get none.

use confab_domain::fetch::{ClientRules, Lookup, PublicClient, parse_url};
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const HTML: &[&str] = &["text/html"];
const CAP: usize = 512 * 1024;

/// Names answered from a table; a name with several answers gives them in
/// turn (the last one from then on), as a rebinding server would.
#[derive(Default)]
struct TableLookup {
    answers: Mutex<HashMap<String, Vec<IpAddr>>>,
}

impl TableLookup {
    fn with(entries: &[(&str, &[&str])]) -> Arc<Self> {
        let answers = entries
            .iter()
            .map(|(name, ips)| {
                let ips = ips.iter().map(|ip| ip.parse().unwrap()).collect();
                (name.to_string(), ips)
            })
            .collect();
        Arc::new(Self {
            answers: Mutex::new(answers),
        })
    }
}

impl Lookup for TableLookup {
    fn lookup(&self, host: String) -> BoxFuture<'static, std::io::Result<Vec<IpAddr>>> {
        let mut answers = self.answers.lock().unwrap();
        let answer = match answers.get_mut(&host) {
            Some(turns) if turns.len() > 1 => vec![turns.remove(0)],
            Some(turns) => turns.clone(),
            None => Vec::new(),
        };
        Box::pin(async move { Ok(answer) })
    }
}

fn client(lookup: Arc<TableLookup>, timeout: Duration) -> PublicClient {
    PublicClient::with_rules(
        ClientRules {
            user_agent: "Confab-Test/1".into(),
            timeout,
            max_redirects: 3,
            allowed: vec!["127.0.0.1".parse().unwrap()],
        },
        lookup,
    )
    .unwrap()
}

/// Counts the connections made to 127.0.0.2:`port` (0: any free port).
async fn sentinel(port: u16) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind(("127.0.0.2", port))
        .await
        .expect("bind 127.0.0.2");
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 26\r\n\r\n<title>private!</title>...")
                .await;
        }
    });
    (port, count)
}

/// The page server on 127.0.0.1: `/` a page, `/huge` 2 MiB of HTML, `/slow`
/// an answer after 3 s, `/json` JSON, `/to?<url>` a redirect to the URL,
/// `/chain/<n>` n redirects before the page.
async fn page_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte).await {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).to_string();
                let target = head.split(' ').nth(1).unwrap_or("/").to_owned();
                let html = |body: String| {
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    )
                };
                let redirect = |to: &str| {
                    format!(
                        "HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    )
                };
                let answer = if target == "/" {
                    html("<html><head><title>Public page</title></head></html>".into())
                } else if target == "/huge" {
                    html(format!("<html>{}</html>", "x".repeat(2 * 1024 * 1024)))
                } else if target == "/slow" {
                    tokio::time::sleep(Duration::from_secs(3)).await;
                    html("<title>late</title>".into())
                } else if target == "/json" {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}".into()
                } else if let Some(to) = target.strip_prefix("/to?") {
                    redirect(to)
                } else if let Some(n) = target.strip_prefix("/chain/") {
                    let n: u32 = n.parse().unwrap_or(0);
                    if n == 0 {
                        redirect("/")
                    } else {
                        redirect(&format!("/chain/{}", n - 1))
                    }
                } else {
                    "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                        .into()
                };
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    port
}

#[tokio::test]
async fn a_page_at_the_allowed_address_is_read() {
    let port = page_server().await;
    let lookup = TableLookup::with(&[("page.test", &["127.0.0.1"])]);
    let fetcher = client(lookup, Duration::from_secs(3));
    let page = fetcher
        .get_page(
            &parse_url(&format!("http://page.test:{port}/")).unwrap(),
            HTML,
            CAP,
        )
        .await
        .expect("the page");
    assert_eq!(page.content_type, "text/html");
    assert!(String::from_utf8_lossy(&page.body).contains("<title>Public page</title>"));
    assert!(!page.truncated);
    // A redirect within what is allowed is followed.
    let moved = fetcher
        .get_page(
            &parse_url(&format!("http://page.test:{port}/chain/2")).unwrap(),
            HTML,
            CAP,
        )
        .await
        .expect("followed");
    assert_eq!(moved.url.path(), "/");
}

#[tokio::test]
async fn private_destinations_get_no_connection_however_they_are_named() {
    let (port, connections) = sentinel(0).await;
    let lookup = TableLookup::with(&[
        ("loopback.test", &["127.0.0.2"]),
        ("ten.test", &["10.0.0.1"]),
        ("metadata.test", &["169.254.169.254"]),
        ("mapped.test", &["::ffff:127.0.0.2"]),
        ("six.test", &["::1"]),
        ("unspecified.test", &["0.0.0.0"]),
        ("mixed.test", &["127.0.0.2", "10.1.1.1"]),
    ]);
    let fetcher = client(lookup, Duration::from_secs(2));
    let urls = [
        format!("http://loopback.test:{port}/"),
        format!("http://ten.test:{port}/"),
        format!("http://metadata.test:{port}/latest/meta-data/"),
        format!("http://mapped.test:{port}/"),
        format!("http://six.test:{port}/"),
        format!("http://unspecified.test:{port}/"),
        format!("http://mixed.test:{port}/"),
        format!("http://127.0.0.2:{port}/"),
        format!("http://[::ffff:127.0.0.2]:{port}/"),
        format!("http://[::ffff:7f00:2]:{port}/"),
    ];
    for url in &urls {
        let refused = fetcher.get_page(&parse_url(url).unwrap(), HTML, CAP).await;
        assert!(refused.is_err(), "{url} was fetched");
    }
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "the sentinel was reached"
    );
}

#[tokio::test]
async fn every_redirect_hop_is_checked_and_there_are_at_most_three() {
    let port = page_server().await;
    let (private_port, connections) = sentinel(0).await;
    let lookup = TableLookup::with(&[
        ("page.test", &["127.0.0.1"]),
        ("loopback.test", &["127.0.0.2"]),
    ]);
    let fetcher = client(lookup, Duration::from_secs(3));
    for hop in [
        format!("http://127.0.0.2:{private_port}/"),
        format!("http://loopback.test:{private_port}/"),
        format!("http://[::ffff:127.0.0.2]:{private_port}/"),
    ] {
        let url = format!("http://page.test:{port}/to?{hop}");
        let refused = fetcher.get_page(&parse_url(&url).unwrap(), HTML, CAP).await;
        assert!(refused.is_err(), "followed {hop}");
    }
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "the sentinel was reached"
    );
    let too_many = fetcher
        .get_page(
            &parse_url(&format!("http://page.test:{port}/chain/4")).unwrap(),
            HTML,
            CAP,
        )
        .await;
    assert!(too_many.unwrap_err().contains("redirect"));
}

#[tokio::test]
async fn a_rebinding_name_is_resolved_once_per_connection_and_the_private_answer_refused() {
    let port = page_server().await;
    // The sentinel takes the same port on the private address, so a second
    // lookup's answer would lead straight to it.
    let (_, connections) = sentinel(port).await;
    let lookup = TableLookup::with(&[("rebind.test", &["127.0.0.1", "127.0.0.2"])]);
    let fetcher = client(lookup, Duration::from_secs(3));
    let url = parse_url(&format!("http://rebind.test:{port}/")).unwrap();
    // First answer public: the page comes from the server that was checked.
    let page = fetcher.get_page(&url, HTML, CAP).await.expect("the page");
    assert!(String::from_utf8_lossy(&page.body).contains("Public page"));
    // Every answer after it is private: refused, not connected to.
    assert!(fetcher.get_page(&url, HTML, CAP).await.is_err());
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "the sentinel was reached"
    );
}

#[tokio::test]
async fn slow_huge_and_unwanted_pages_are_cut_off() {
    let port = page_server().await;
    let lookup = TableLookup::with(&[("page.test", &["127.0.0.1"])]);
    let fetcher = client(lookup, Duration::from_millis(500));
    let started = Instant::now();
    let slow = fetcher
        .get_page(
            &parse_url(&format!("http://page.test:{port}/slow")).unwrap(),
            HTML,
            CAP,
        )
        .await;
    assert!(slow.unwrap_err().contains("timed out"));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    let fetcher = client(
        TableLookup::with(&[("page.test", &["127.0.0.1"])]),
        Duration::from_secs(5),
    );
    let huge = fetcher
        .get_page(
            &parse_url(&format!("http://page.test:{port}/huge")).unwrap(),
            HTML,
            CAP,
        )
        .await
        .expect("the beginning of it");
    assert_eq!(huge.body.len(), CAP);
    assert!(huge.truncated);
    let json = fetcher
        .get_page(
            &parse_url(&format!("http://page.test:{port}/json")).unwrap(),
            HTML,
            CAP,
        )
        .await;
    assert!(json.unwrap_err().contains("application/json"));
}
