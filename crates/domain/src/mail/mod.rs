//! Outgoing mail over SMTP (lettre). Mails are sent after the change that
//! caused them has committed, in the background with a few retries, so a slow
//! or absent mail server never holds a request (and an answer never reveals
//! whether a mail was sent).

pub mod templates;

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::settings::{MailSecurity, MailSettings};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::time::Duration;

/// A mail to send: its subject and plain-text body.
#[derive(Debug, Clone)]
pub struct Mail {
    pub subject: String,
    pub text: String,
}

/// Sends mail, or knows that this server sends none.
#[derive(Clone)]
pub struct Mailer {
    smtp: Option<Arc<Smtp>>,
}

struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// Waits between attempts at one mail (then it is given up and logged).
const RETRY_DELAYS: [Duration; 3] = [
    Duration::from_secs(1),
    Duration::from_secs(5),
    Duration::from_secs(30),
];

impl Mailer {
    pub fn from_settings(settings: &MailSettings) -> Result<Self> {
        if !settings.enabled {
            return Ok(Self { smtp: None });
        }
        let host = settings.host.as_str();
        let builder = match settings.security {
            MailSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            MailSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|e| Error::internal(format!("mail.host: {e}")))?,
            MailSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .map_err(|e| Error::internal(format!("mail.host: {e}")))?,
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(Duration::from_secs(settings.timeout_secs)));
        if !settings.username.is_empty() {
            builder = builder.credentials(Credentials::new(
                settings.username.clone(),
                settings.password.expose_secret().to_owned(),
            ));
        }
        let from = settings
            .from
            .parse::<Mailbox>()
            .map_err(|e| Error::internal(format!("mail.from '{}': {e}", settings.from)))?;
        Ok(Self {
            smtp: Some(Arc::new(Smtp {
                transport: builder.build(),
                from,
            })),
        })
    }

    /// A mailer that sends nothing (mail is off).
    pub fn disabled() -> Self {
        Self { smtp: None }
    }

    pub fn enabled(&self) -> bool {
        self.smtp.is_some()
    }

    /// Refuses what needs mail when this server sends none.
    pub fn require_enabled(&self) -> Result<()> {
        if self.enabled() {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::EmailDisabled,
                "this server does not send email; ask its operator for help",
            ))
        }
    }

    /// Sends `mail` to `to` in the background. Call once the change that
    /// caused it has committed. Does nothing when mail is off.
    pub fn send(&self, to: &str, mail: Mail) {
        let Some(smtp) = self.smtp.clone() else {
            return;
        };
        let message = match smtp.message(to, mail) {
            Ok(message) => message,
            Err(e) => {
                metrics::counter!("mails_failed_total").increment(1);
                tracing::error!(error = %e, "mail not built");
                return;
            }
        };
        tokio::spawn(async move { smtp.deliver(message).await });
    }
}

impl Smtp {
    fn message(&self, to: &str, mail: Mail) -> Result<Message> {
        let to = to
            .parse::<Mailbox>()
            .map_err(|e| Error::internal(format!("recipient: {e}")))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text)
            .map_err(Error::internal)
    }

    async fn deliver(&self, message: Message) {
        let mut delays = RETRY_DELAYS.iter();
        loop {
            match self.transport.send(message.clone()).await {
                Ok(_) => {
                    metrics::counter!("mails_sent_total").increment(1);
                    return;
                }
                Err(e) => match delays.next() {
                    Some(delay) if !e.is_permanent() => {
                        tracing::warn!(error = %e, "mail not sent; trying again");
                        tokio::time::sleep(*delay).await;
                    }
                    _ => {
                        metrics::counter!("mails_failed_total").increment(1);
                        tracing::error!(error = %e, "mail not sent; given up");
                        return;
                    }
                },
            }
        }
    }
}
