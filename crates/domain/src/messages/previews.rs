//! Link previews: for the first few web links of a message, a worker in the
//! API process reads each page through the public-only fetcher
//! (`crate::fetch`: no private destination on any hop, 3 s, 512 KiB of HTML),
//! takes what it says of itself (OpenGraph, the Twitter card, or `<title>` and
//! its description), caches that per URL for a day, and adds the previews to
//! the message with a `message.updated` event. Only text is kept: a page's
//! image is never shown from the page's server, so readers' addresses do not
//! reach it. Previews are best effort: a full queue or a restart drops the
//! pending ones, and the message stands without them. The author may remove a
//! message's previews, and turn previews off for their messages
//! (`users.link_previews`).

use super::{Message, MessageRecord, announce, lock_live, with_attachments};
use crate::db::DbPool;
use crate::error::{Error, ErrorCode, Result};
use crate::events::Payload;
use crate::events::relay::OutboxWaker;
use crate::fetch::{ClientRules, PublicClient, SystemLookup, parse_url};
pub use crate::models::LinkPreview;
use crate::schema::{link_previews, message_previews, messages, users};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use uuid::Uuid;

/// Links of one message that get a preview.
pub const MAX_LINKS: usize = 3;
/// HTML read of a page, at most.
const PAGE_CAP: usize = 512 * 1024;
/// How long a page's preview (or its failure) is reused.
const FRESH_FOR_HOURS: i64 = 24;
const TITLE_MAX: usize = 300;
const DESCRIPTION_MAX: usize = 500;
const SITE_MAX: usize = 100;

/// A message whose links want previews.
#[derive(Debug)]
pub struct PreviewJob {
    pub message: Uuid,
    pub author: Uuid,
    pub links: Vec<String>,
}

/// Where sends put their links; the worker takes them from there.
#[derive(Clone)]
pub struct PreviewQueue(mpsc::Sender<PreviewJob>);

impl PreviewQueue {
    /// Hands the links over without waiting: with the queue full, the message
    /// simply has no previews.
    pub fn offer(&self, job: PreviewJob) {
        if self.0.try_send(job).is_err() {
            metrics::counter!("link_previews_dropped_total").increment(1);
        }
    }
}

/// The client previews are read with: 3 s, at most 3 redirects (each hop
/// checked), public destinations only (and those `allowed` for tests).
pub fn client(user_agent: &str, allowed: Vec<std::net::IpAddr>) -> Result<PublicClient> {
    PublicClient::with_rules(
        ClientRules {
            user_agent: user_agent.to_owned(),
            timeout: Duration::from_secs(3),
            max_redirects: 3,
            allowed,
        },
        Arc::new(SystemLookup),
    )
}

/// Starts the worker; it runs for the life of the process.
pub fn spawn(pool: DbPool, client: PublicClient, waker: OutboxWaker) -> PreviewQueue {
    let (queue, mut jobs) = mpsc::channel::<PreviewJob>(1024);
    tokio::spawn(async move {
        while let Some(job) = jobs.recv().await {
            if let Err(e) = preview(&pool, &client, &job).await {
                tracing::warn!(error = %e, message_id = %job.message, "link preview failed");
            } else {
                waker.wake();
            }
        }
    });
    PreviewQueue(queue)
}

/// Reads (or reuses) each link's preview and adds those found to the message.
async fn preview(pool: &DbPool, client: &PublicClient, job: &PreviewJob) -> Result<()> {
    let wanted: bool = {
        let mut conn = pool.get().await?;
        users::table
            .find(job.author)
            .select(users::link_previews)
            .first(&mut conn)
            .await
            .optional()?
            .unwrap_or(false)
    };
    if !wanted {
        return Ok(());
    }
    let mut found = Vec::new();
    for url in job.links.iter().take(MAX_LINKS) {
        let cached = {
            let mut conn = pool.get().await?;
            cached(&mut conn, url).await?
        };
        let preview = match cached {
            Some(known) => known,
            None => {
                let read = read_page(client, url).await;
                let mut conn = pool.get().await?;
                store(&mut conn, url, read.as_ref()).await?;
                read
            }
        };
        if preview.is_some() {
            found.push(url.clone());
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    let mut conn = pool.get().await?;
    conn.transaction::<_, Error, _>(async |conn| {
        let live: Option<MessageRecord> = messages::table
            .find(job.message)
            .filter(messages::deleted_at.is_null())
            .select(MessageRecord::as_select())
            .for_update()
            .first(conn)
            .await
            .optional()?;
        let Some(record) = live else {
            return Ok(());
        };
        let rows: Vec<_> = found
            .iter()
            .enumerate()
            .map(|(i, url)| {
                (
                    message_previews::message_id.eq(job.message),
                    message_previews::position.eq(i as i16),
                    message_previews::url.eq(url),
                )
            })
            .collect();
        diesel::insert_into(message_previews::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        let updated = with_attachments(conn, vec![record]).await?;
        for message in updated {
            announce(conn, Payload::MessageUpdated, message).await?;
        }
        Ok(())
    })
    .await
}

/// A fresh cached preview: `Some(None)` for a page known to give none.
async fn cached(conn: &mut AsyncPgConnection, url: &str) -> Result<Option<Option<LinkPreview>>> {
    type Row = (
        bool,
        Option<String>,
        Option<String>,
        Option<String>,
        DateTime<Utc>,
    );
    let row: Option<Row> = link_previews::table
        .find(url)
        .select((
            link_previews::ok,
            link_previews::title,
            link_previews::description,
            link_previews::site_name,
            link_previews::fetched_at,
        ))
        .first(conn)
        .await
        .optional()?;
    Ok(row
        .filter(|r| Utc::now() - r.4 < chrono::Duration::hours(FRESH_FOR_HOURS))
        .map(|(ok, title, description, site_name, _)| {
            ok.then(|| LinkPreview {
                url: url.to_owned(),
                title,
                description,
                site_name,
            })
        }))
}

async fn store(conn: &mut AsyncPgConnection, url: &str, read: Option<&LinkPreview>) -> Result<()> {
    let values = (
        link_previews::url.eq(url),
        link_previews::fetched_at.eq(Utc::now()),
        link_previews::ok.eq(read.is_some()),
        link_previews::title.eq(read.and_then(|p| p.title.clone())),
        link_previews::description.eq(read.and_then(|p| p.description.clone())),
        link_previews::site_name.eq(read.and_then(|p| p.site_name.clone())),
    );
    diesel::insert_into(link_previews::table)
        .values(values.clone())
        .on_conflict(link_previews::url)
        .do_update()
        .set(values)
        .execute(conn)
        .await?;
    Ok(())
}

/// Reads the page and what it says of itself; None for no page (refused,
/// failed, not HTML) or a page that says nothing.
async fn read_page(client: &PublicClient, url: &str) -> Option<LinkPreview> {
    let parsed = parse_url(url).ok()?;
    let page = match client
        .get_page(&parsed, &["text/html", "application/xhtml+xml"], PAGE_CAP)
        .await
    {
        Ok(page) => page,
        Err(why) => {
            tracing::info!(url, why, "no link preview");
            return None;
        }
    };
    let meta = describe(&String::from_utf8_lossy(&page.body))?;
    Some(LinkPreview {
        url: url.to_owned(),
        title: meta.title,
        description: meta.description,
        site_name: meta.site_name,
    })
}

/// What a page says of itself.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
}

/// Reads OpenGraph, then the Twitter card, then `<title>` and the
/// description meta tag; text only, whitespace collapsed, lengths capped.
/// None when the page has neither a title nor a description.
pub fn describe(html: &str) -> Option<PageMeta> {
    let document = scraper::Html::parse_document(html);
    let metas = scraper::Selector::parse("meta").ok()?;
    let meta = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|wanted| {
            document.select(&metas).find_map(|tag| {
                let tag = tag.value();
                let key = tag.attr("property").or_else(|| tag.attr("name"))?;
                key.eq_ignore_ascii_case(wanted)
                    .then(|| tag.attr("content"))
                    .flatten()
                    .and_then(tidy)
            })
        })
    };
    let title_tag = scraper::Selector::parse("title").ok().and_then(|selector| {
        document
            .select(&selector)
            .next()
            .and_then(|t| tidy(&t.text().collect::<String>()))
    });
    let found = PageMeta {
        title: meta(&["og:title", "twitter:title"])
            .or(title_tag)
            .map(|t| capped(t, TITLE_MAX)),
        description: meta(&["og:description", "twitter:description", "description"])
            .map(|d| capped(d, DESCRIPTION_MAX)),
        site_name: meta(&["og:site_name"]).map(|s| capped(s, SITE_MAX)),
    };
    (found.title.is_some() || found.description.is_some()).then_some(found)
}

/// Whitespace collapsed to single spaces, control characters dropped; None if
/// nothing is left.
fn tidy(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn capped(text: String, max: usize) -> String {
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// The previews each message shows (not removed, read), in link order.
pub(crate) async fn of_messages(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<LinkPreview>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    type Row = (Uuid, String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = message_previews::table
        .inner_join(link_previews::table)
        .filter(message_previews::message_id.eq_any(ids))
        .filter(message_previews::removed.eq(false))
        .filter(link_previews::ok.eq(true))
        .order((message_previews::message_id, message_previews::position))
        .select((
            message_previews::message_id,
            message_previews::url,
            link_previews::title,
            link_previews::description,
            link_previews::site_name,
        ))
        .load(conn)
        .await?;
    let mut by_message: HashMap<Uuid, Vec<LinkPreview>> = HashMap::new();
    for (message, url, title, description, site_name) in rows {
        by_message.entry(message).or_default().push(LinkPreview {
            url,
            title,
            description,
            site_name,
        });
    }
    Ok(by_message)
}

/// The author removes their message's previews (for everyone); the message
/// is updated with a `message.updated` event. Call inside a transaction.
pub async fn remove(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    id: Uuid,
) -> Result<Message> {
    let message = lock_live(conn, me, conversation, id).await?.message;
    if message.author_id != Some(me) {
        return Err(Error::new(
            ErrorCode::NotAuthor,
            "only the author can change this message",
        ));
    }
    diesel::update(message_previews::table.filter(message_previews::message_id.eq(id)))
        .set(message_previews::removed.eq(true))
        .execute(conn)
        .await?;
    let updated = with_attachments(conn, vec![message])
        .await?
        .pop()
        .ok_or_else(|| Error::internal("the message vanished"))?;
    announce(conn, Payload::MessageUpdated, updated.clone()).await?;
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opengraph_comes_first_then_the_card_then_the_title() {
        let page = r#"<html><head>
            <title>  The   title
            tag </title>
            <meta name="description" content="Plain description">
            <meta name="twitter:title" content="Card title">
            <meta property="og:title" content="Open &amp; Graph">
            <meta property="og:site_name" content="Example">
        </head><body><script>document.title = "no"</script></body></html>"#;
        assert_eq!(
            describe(page),
            Some(PageMeta {
                title: Some("Open & Graph".into()),
                description: Some("Plain description".into()),
                site_name: Some("Example".into()),
            })
        );
        let bare = "<title>Only\n a title</title>";
        assert_eq!(
            describe(bare).unwrap().title.as_deref(),
            Some("Only a title")
        );
        assert_eq!(describe("<p>nothing to say</p>"), None);
    }

    #[test]
    fn markup_in_a_page_stays_text_and_long_text_is_cut() {
        let page = format!(
            r#"<meta property="og:title" content="<script>alert(1)</script>"><meta property="og:description" content="{}">"#,
            "x".repeat(2000)
        );
        let meta = describe(&page).unwrap();
        assert_eq!(meta.title.as_deref(), Some("<script>alert(1)</script>"));
        let description = meta.description.unwrap();
        assert_eq!(description.chars().count(), DESCRIPTION_MAX);
        assert!(description.ends_with('…'));
    }
}
