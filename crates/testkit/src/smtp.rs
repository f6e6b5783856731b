//! A real SMTP server on loopback that keeps what it receives: the tests read
//! the mails the API sends (and follow their links), and `confab-mailcatcher`
//! shows them to a person trying the app. It speaks the part of SMTP a
//! submitting client needs (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA with dot
//! unstuffing, RSET, NOOP, QUIT); there is no TLS, no AUTH and no relaying.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One mail as received.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CaughtMail {
    pub received_at: chrono::DateTime<chrono::Utc>,
    /// The envelope's sender and recipients (`MAIL FROM`, `RCPT TO`).
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    /// The plain-text body, decoded (quoted-printable, base64).
    pub text: String,
    /// The message exactly as sent, headers and all.
    pub raw: String,
}

impl CaughtMail {
    /// The first link in the body that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let start = self.text.find(prefix)?;
        let rest = &self.text[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        Some(rest[..end].to_owned())
    }

    /// The `token` a Confab link carries in its fragment (`#token=...`).
    pub fn token(&self) -> Option<String> {
        let link = self.link("http")?;
        let (_, token) = link.split_once("#token=")?;
        Some(token.to_owned())
    }
}

#[derive(Default)]
struct Inbox {
    mails: Mutex<Vec<CaughtMail>>,
    arrived: Notify,
}

/// The server, listening until dropped.
pub struct MailCatcher {
    port: u16,
    inbox: Arc<Inbox>,
    task: tokio::task::JoinHandle<()>,
}

impl MailCatcher {
    /// Listens on 127.0.0.1 at a free port.
    pub async fn start() -> Self {
        Self::bind("127.0.0.1:0").await.expect("bind SMTP catcher")
    }

    /// Listens on `address` (`confab-mailcatcher` uses a fixed port).
    pub async fn bind(address: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind(address).await?;
        let port = listener.local_addr()?.port();
        let inbox = Arc::new(Inbox::default());
        let accepting = inbox.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let inbox = accepting.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, inbox).await;
                });
            }
        });
        Ok(Self { port, inbox, task })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Every mail received so far, oldest first.
    pub fn mails(&self) -> Vec<CaughtMail> {
        self.inbox.mails.lock().expect("inbox").clone()
    }

    /// Mails received so far for `to`, oldest first.
    pub fn mails_to(&self, to: &str) -> Vec<CaughtMail> {
        self.mails()
            .into_iter()
            .filter(|m| m.to.iter().any(|r| r.eq_ignore_ascii_case(to)))
            .collect()
    }

    /// Waits (up to 10 s) until `to` has received `count` mails; returns the
    /// last of them.
    pub async fn wait_for_mail(&self, to: &str, count: usize) -> CaughtMail {
        self.wait_until(to, |mails| mails.get(count - 1).cloned())
            .await
            .unwrap_or_else(|seen| panic!("{to} received {seen} mails, not {count}, within 10 s"))
    }

    /// Waits (up to 10 s) for a mail to `to` with this subject; returns the
    /// newest such.
    pub async fn wait_for_subject(&self, to: &str, subject: &str) -> CaughtMail {
        self.wait_until(to, |mails| {
            mails.iter().rev().find(|m| m.subject == subject).cloned()
        })
        .await
        .unwrap_or_else(|seen| panic!("no '{subject}' among {seen} mails to {to} within 10 s"))
    }

    /// Waits until `pick` finds a mail among those to `to`; on timeout, the
    /// number of mails seen.
    async fn wait_until(
        &self,
        to: &str,
        pick: impl Fn(&[CaughtMail]) -> Option<CaughtMail>,
    ) -> Result<CaughtMail, usize> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let arrived = self.inbox.arrived.notified();
            let mails = self.mails_to(to);
            if let Some(mail) = pick(&mails) {
                return Ok(mail);
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return Err(self.mails_to(to).len());
            }
        }
    }
}

impl Drop for MailCatcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One SMTP session.
async fn serve(stream: TcpStream, inbox: Arc<Inbox>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 confab-mailcatcher ESMTP\r\n").await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-confab-mailcatcher\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 confab-mailcatcher\r\n",
            "MAIL" => {
                from = address_in(&command);
                to.clear();
                b"250 OK\r\n"
            }
            "RCPT" => {
                to.push(address_in(&command));
                b"250 OK\r\n"
            }
            "DATA" => {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let raw = read_data(&mut lines).await?;
                let mail = parse(&from, std::mem::take(&mut to), raw);
                inbox.mails.lock().expect("inbox").push(mail);
                inbox.arrived.notify_waiters();
                b"250 OK: queued\r\n"
            }
            "RSET" => {
                from.clear();
                to.clear();
                b"250 OK\r\n"
            }
            "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// The message after DATA, up to the lone dot, with leading dots unstuffed.
async fn read_data<R: tokio::io::AsyncBufRead + Unpin>(lines: &mut R) -> std::io::Result<String> {
    let mut raw = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == ".\r\n" || line == ".\n" {
            return Ok(raw);
        }
        raw.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}

/// `MAIL FROM:<a@b> SIZE=1` → `a@b`.
fn address_in(command: &str) -> String {
    let start = command.find('<').map(|i| i + 1).unwrap_or(0);
    let end = command[start..]
        .find('>')
        .map(|i| start + i)
        .unwrap_or(command.len());
    command[start..end].trim().to_owned()
}

fn parse(from: &str, to: Vec<String>, raw: String) -> CaughtMail {
    let parsed = mail_parser::MessageParser::default().parse(raw.as_bytes());
    let (subject, text) = parsed
        .map(|m| {
            (
                m.subject().unwrap_or_default().to_owned(),
                m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    CaughtMail {
        received_at: chrono::Utc::now(),
        from: from.to_owned(),
        to,
        subject,
        text,
        raw,
    }
}
