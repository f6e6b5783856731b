//! The production Nginx site (deploy/nginx/confab.conf) in front of the real
//! services: Debian's Nginx in the foreground on high ports with a certificate
//! made here; REST over HTTPS, WebSockets upgraded through it to two gateway
//! processes, and media sent by Nginx (X-Accel-Redirect) with Range. Run as
//! root (as CI is), Nginx's workers are `www-data` and the media directory has
//! the modes scripts/deploy and the API unit give it, so a layout Nginx cannot
//! read fails here, not in production.

use confab_testkit::{GatewayProcess, Running, TestApp, service_command, wait_for_port};
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

struct Nginx {
    child: Child,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: the master then stops its workers too.
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let _ = self.child.wait();
    }
}

fn nginx_binary() -> PathBuf {
    std::env::var_os("CONFAB_NGINX_BIN")
        .map(PathBuf::from)
        .or_else(|| {
            ["/usr/sbin/nginx", "/usr/bin/nginx"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.exists())
        })
        .expect("nginx is not installed (scripts/test installs it)")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A self-signed certificate for `localhost` (a leaf, not a CA, so TLS
/// clients accept it as its own trust anchor); returns (cert PEM, key PEM,
/// cert DER) paths.
fn certificate(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let (cert, key, der) = (
        dir.join("cert.pem"),
        dir.join("key.pem"),
        dir.join("cert.der"),
    );
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .args([
            "-addext",
            "subjectAltName=DNS:localhost",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "openssl req");
    let status = Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(&cert)
        .arg("-out")
        .arg(&der)
        .status()
        .unwrap();
    assert!(status.success(), "openssl x509");
    (cert, key, der)
}

/// The site with this test's ports and paths instead of the production ones.
#[allow(clippy::too_many_arguments)]
fn render_site(
    dir: &Path,
    https: u16,
    http: u16,
    api: u16,
    gateways: [u16; 2],
    cert: &Path,
    key: &Path,
    media: &Path,
) -> PathBuf {
    let site = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx/confab.conf"),
    )
    .unwrap();
    let web = dir.join("web");
    std::fs::create_dir_all(web.join("assets")).unwrap();
    std::fs::write(
        web.join("index.html"),
        "<!doctype html><title>Confab</title>",
    )
    .unwrap();
    let replacements = [
        ("listen 80;", format!("listen 127.0.0.1:{http};")),
        ("listen [::]:80;", String::new()),
        (
            "listen 443 ssl http2;",
            format!("listen 127.0.0.1:{https} ssl http2;"),
        ),
        ("listen [::]:443 ssl http2;", String::new()),
        ("/etc/ssl/confab/fullchain.pem", cert.display().to_string()),
        ("/etc/ssl/confab/privkey.pem", key.display().to_string()),
        ("server 127.0.0.1:8081;", format!("server 127.0.0.1:{api};")),
        (
            "server 127.0.0.1:8091",
            format!("server 127.0.0.1:{}", gateways[0]),
        ),
        (
            "server 127.0.0.1:8092",
            format!("server 127.0.0.1:{}", gateways[1]),
        ),
        ("/usr/local/share/confab/web", web.display().to_string()),
        ("/var/lib/confab/media/", format!("{}/", media.display())),
        (
            "/var/log/nginx/confab.access.log",
            dir.join("access.log").display().to_string(),
        ),
    ];
    let mut rendered = site;
    for (from, to) in replacements {
        assert!(
            rendered.contains(from),
            "the site no longer contains {from:?}"
        );
        rendered = rendered.replace(from, &to);
    }
    let site_path = dir.join("site.conf");
    std::fs::write(&site_path, rendered).unwrap();
    // As root, the workers drop to Debian's Nginx user, as in production (its
    // group stands in for confab-media, which production adds it to).
    let user = if is_root() {
        format!("user {NGINX_USER};")
    } else {
        String::new()
    };
    let conf = format!(
        "{user}\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\nevents {{ worker_connections 256; }}\n\
         http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n access_log off;\n\
         client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;\n\
         uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n include {site};\n}}\n",
        d = dir.display(),
        site = site_path.display()
    );
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    conf_path
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false)
}

const NGINX_USER: &str = "www-data";

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path),
    )
    .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `NAME=value` as scripts/deploy or a unit file sets it.
fn setting(text: &str, file: &str, name: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("{file} no longer sets {name}="))
        .trim()
        .to_owned()
}

fn octal(mode: &str) -> u32 {
    u32::from_str_radix(mode, 8).unwrap_or_else(|_| panic!("not an octal mode: {mode}"))
}

/// The media directory as production has it, under `root` (standing for
/// /var/lib/confab): the state and media modes from scripts/deploy, owned by
/// root (standing for confab) with Nginx's group. Returns the media directory.
fn production_media_dir(root: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let deploy = repo_file("scripts/deploy");
    let media = root.join("media");
    std::fs::create_dir_all(&media).unwrap();
    if is_root() {
        let gid = Command::new("id")
            .args(["-g", NGINX_USER])
            .output()
            .expect("id");
        assert!(
            gid.status.success(),
            "no {NGINX_USER} user (Debian's nginx makes it)"
        );
        let gid: u32 = String::from_utf8_lossy(&gid.stdout).trim().parse().unwrap();
        std::os::unix::fs::chown(root, Some(0), Some(0)).unwrap();
        std::os::unix::fs::chown(&media, Some(0), Some(gid)).unwrap();
    }
    for (dir, name) in [(root, "STATE_DIR_MODE"), (&media, "MEDIA_DIR_MODE")] {
        let mode = octal(&setting(&deploy, "scripts/deploy", name));
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    media
}

/// The API binary as systemd runs it: under the unit's `UMask=`, writing media
/// to `media` and leaving the bytes to Nginx. Returns the child and its port.
fn api_as_the_unit_runs_it(app: &TestApp, media: &Path) -> (Running, u16) {
    let umask = setting(
        &repo_file("systemd/confab-api.service"),
        "systemd/confab-api.service",
        "UMask",
    );
    let (mut api, port) = service_command("confab-api", &app.settings);
    api.env("CONFAB_MEDIA__DIR", media)
        .env("CONFAB_MEDIA__ACCEL_REDIRECT_LOCATION", "/_media/");
    let mut wrapped = Command::new("sh");
    wrapped
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(api.get_program())
        .args(api.get_args())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (key, value) in api.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    let child = Running(wrapped.spawn().expect("start confab-api"));
    wait_for_port(port, "confab-api");
    (child, port)
}

fn port_of(ws_url: &str) -> u16 {
    ws_url
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches("/ws")
        .parse()
        .unwrap()
}

/// A WebSocket over TLS to Nginx, trusting only the test's certificate.
async fn wss(
    port: u16,
    der: &Path,
) -> tokio_tungstenite::WebSocketStream<tokio_rustls::client::TlsStream<tokio::net::TcpStream>> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(
            std::fs::read(der).unwrap(),
        ))
        .unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .unwrap();
    let (socket, _) = tokio_tungstenite::client_async(format!("wss://localhost:{port}/ws"), tls)
        .await
        .unwrap();
    socket
}

async fn next_text(
    socket: &mut (
             impl StreamExt<
        Item = Result<
            tokio_tungstenite::tungstenite::Message,
            tokio_tungstenite::tungstenite::Error,
        >,
    > + Unpin
         ),
) -> Value {
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let tokio_tungstenite::tungstenite::Message::Text(text) = frame {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

#[tokio::test]
async fn the_site_serves_rest_websockets_and_media_over_https() {
    use futures_util::SinkExt;
    let app = TestApp::spawn().await;
    let gateways = [
        GatewayProcess::spawn(&app.settings),
        GatewayProcess::spawn(&app.settings),
    ];
    let dir = std::env::temp_dir().join(format!("confab-nginx-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let media_dir = production_media_dir(&dir.join("state"));
    let (_api, api_port) = api_as_the_unit_runs_it(&app, &media_dir);
    let (cert, key, der) = certificate(&dir);
    let (https, http) = (free_port(), free_port());
    let gateway_ports = [port_of(&gateways[0].url), port_of(&gateways[1].url)];
    let conf = render_site(
        &dir,
        https,
        http,
        api_port,
        gateway_ports,
        &cert,
        &key,
        &media_dir,
    );
    let _nginx = Nginx {
        child: Command::new(nginx_binary())
            .arg("-c")
            .arg(&conf)
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx"),
    };
    wait_for_port(https, "nginx");

    let client = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_der(&std::fs::read(&der).unwrap()).unwrap(),
        )
        .resolve("localhost", ([127, 0, 0, 1], https).into())
        .build()
        .unwrap();
    let base = format!("https://localhost:{https}");

    // REST over HTTPS, with HSTS.
    let signup = |name: String| {
        client
            .post(format!("{base}/api/v1/auth/signup"))
            .json(&json!({"username": name, "password": "password-123"}))
            .send()
    };
    let ann = signup(TestApp::username("ann")).await.unwrap();
    assert_eq!(ann.status(), 201);
    assert!(ann.headers().contains_key("strict-transport-security"));
    let ann: Value = ann.json().await.unwrap();
    let bob: Value = signup(TestApp::username("bob"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = |u: &Value| u["access_token"].as_str().unwrap().to_owned();
    let healthz = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(healthz.status(), 200);
    let readyz = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(readyz.status(), 200, "readiness, from the machine itself");
    // Anyone else (here: another source address) is refused readiness.
    let outsider = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_der(&std::fs::read(&der).unwrap()).unwrap(),
        )
        .resolve("localhost", ([127, 0, 0, 1], https).into())
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let refused = outsider.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    let public = outsider
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 200, "liveness stays public");
    let spa = client
        .get(format!("{base}/some/client/route"))
        .send()
        .await
        .unwrap();
    assert_eq!(spa.status(), 200, "client-side routes get index.html");
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let plain = redirect
        .get(format!("http://127.0.0.1:{http}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 301, "plain HTTP goes to HTTPS");

    // Two sockets through Nginx land on the two gateways (least connections).
    let mut sockets = Vec::new();
    for user in [&ann, &bob] {
        let mut socket = wss(https, &der).await;
        let identify = json!({"op": "identify", "token": token(user)}).to_string();
        socket
            .send(tokio_tungstenite::tungstenite::Message::text(identify))
            .await
            .unwrap();
        assert_eq!(next_text(&mut socket).await["op"], "ready");
        sockets.push(socket);
    }
    for port in gateway_ports {
        let metrics = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let line = metrics
            .lines()
            .find(|l| l.starts_with("gateway_identified_connections"))
            .unwrap_or("");
        assert!(line.ends_with(" 1"), "gateway {port}: {line:?}");
    }

    // Media: the API authorises, Nginx sends the bytes, with Range.
    let mut ogg = b"OggS\x00\x02".to_vec();
    ogg.extend((0..5000u32).map(|i| (i % 251) as u8));
    let part = reqwest::multipart::Part::bytes(ogg.clone()).file_name("voice.ogg");
    let upload = client
        .post(format!("{base}/api/v1/media"))
        .bearer_auth(token(&ann))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 201);
    let media: Value = upload.json().await.unwrap();
    let ranged = client
        .get(format!("{base}{}", media["url"].as_str().unwrap()))
        .bearer_auth(token(&ann))
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(ranged.status(), 206);
    assert!(
        !ranged.headers().contains_key("x-accel-redirect"),
        "Nginx consumed it"
    );
    assert_eq!(ranged.bytes().await.unwrap().to_vec(), ogg[..100].to_vec());
    let stranger = client
        .get(format!("{base}{}", media["url"].as_str().unwrap()))
        .bearer_auth(token(&bob))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 404);
    let direct = client.get(format!("{base}/_media/")).send().await.unwrap();
    assert_eq!(
        direct.status(),
        404,
        "the internal location is not reachable"
    );

    // What a browser's <img> does: the media cookie, never a token in the URL.
    let url = format!("{base}{}", media["url"].as_str().unwrap());
    let in_query = client
        .get(format!("{url}?access_token={}", token(&ann)))
        .send()
        .await
        .unwrap();
    assert_eq!(in_query.status(), 401, "a token in the URL is not accepted");
    let session = client
        .post(format!("{base}/api/v1/media/session"))
        .bearer_auth(token(&ann))
        .send()
        .await
        .unwrap();
    assert_eq!(session.status(), 204);
    let cookie = session
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("the media cookie")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Secure"),
        "{cookie}"
    );
    assert!(cookie.contains("Path=/api/v1/media"), "{cookie}");
    let by_cookie = client
        .get(&url)
        .header("cookie", cookie.split(';').next().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(by_cookie.status(), 200);
    assert_eq!(by_cookie.bytes().await.unwrap().to_vec(), ogg);
    let media_token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("confab_media=");
    let as_api_token = client
        .get(format!("{base}/api/v1/users/me"))
        .bearer_auth(media_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        as_api_token.status(),
        401,
        "the media token reads media only"
    );

    // No line of Nginx's access log holds a token, whoever sent one.
    drop(_nginx);
    let log = std::fs::read_to_string(dir.join("access.log")).expect("access log");
    assert!(log.contains("/api/v1/media/"), "the log names paths: {log}");
    for secret in [token(&ann), media_token.to_owned()] {
        assert!(!log.contains(&secret), "a token in the access log");
    }
    drop(sockets);
    let _ = std::fs::remove_dir_all(dir);
}
