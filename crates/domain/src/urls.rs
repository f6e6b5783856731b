//! The one place that builds the API's own URLs, as they appear in answers and
//! events (relative to the origin: the SPA and Nginx serve both from one).

use uuid::Uuid;

/// Where media are served, and the path the media cookie is scoped to.
pub const MEDIA: &str = "/api/v1/media";

/// A stored medium (an avatar, a group photo, an attachment).
pub fn media(id: Uuid) -> String {
    format!("{MEDIA}/{id}")
}

/// A medium's thumbnail.
pub fn thumbnail(id: Uuid) -> String {
    format!("{MEDIA}/{id}/thumbnail")
}

/// A ready data export's archive.
pub fn data_export(id: Uuid) -> String {
    format!("/api/v1/users/me/exports/{id}/archive")
}

/// Where an incoming webhook is called: its id and secret are the credential,
/// so the URL is shown once, to whoever makes it.
pub fn incoming_webhook(id: Uuid, token: &str) -> String {
    format!("/api/v1/hooks/{id}/{token}")
}

/// A conversation in the web app (a push opens it), at a message if given.
pub fn web_chat(conversation: Uuid, message: Option<Uuid>) -> String {
    match message {
        Some(message) => format!("/chats/{conversation}?message={message}"),
        None => format!("/chats/{conversation}"),
    }
}

/// A reply in a thread, in the web app: the conversation with the thread open
/// at that reply.
pub fn web_thread(conversation: Uuid, root: Uuid, reply: Uuid) -> String {
    format!("/chats/{conversation}?thread={root}&message={reply}")
}

/// A page of the web app by its path (`friends`, `groups`).
pub fn web_page(page: &str) -> String {
    format!("/{page}")
}

/// Links into the web app, for mails and the operator's reset link. The token
/// rides in the fragment, which browsers never send to a server, so it stays
/// out of access logs and Referer headers.
#[derive(Debug, Clone)]
pub struct PublicLinks {
    base: std::sync::Arc<str>,
}

impl PublicLinks {
    pub fn new(public_url: &str) -> Self {
        Self {
            base: public_url.trim_end_matches('/').into(),
        }
    }

    pub fn verify_email(&self, token: &str) -> String {
        format!("{}/verify-email#token={token}", self.base)
    }

    pub fn reset_password(&self, token: &str) -> String {
        format!("{}/reset-password#token={token}", self.base)
    }
}
