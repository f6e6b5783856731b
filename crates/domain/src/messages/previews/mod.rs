//! Link previews: for the first few web links of a message, a worker in the
//! API process reads each page through the public-only fetcher
//! (`crate::fetch`: no private destination on any hop, 3 s, 512 KiB of HTML),
//! takes what it says of itself (`page.rs`: OpenGraph, the Twitter card, or
//! `<title>` and its description, completed by its oEmbed if it offers one),
//! fetches its picture the same way and keeps a copy like an upload
//! (`media::ImageImporter`: sniffed, size-limited, stripped, thumbnailed), caches
//! that per URL for a day, and adds the previews to the message with a
//! `message.updated` event. Readers never load anything from the page's
//! server, so their addresses do not reach it. Previews are best effort: a
//! full queue or a restart drops the pending ones, and the message stands
//! without them. The author may remove a message's previews, and turn previews
//! off for their messages (`users.link_previews`).

mod page;

use super::{Message, MessageRecord, announce, lock_live, with_attachments};
use crate::db::DbPool;
use crate::error::{Error, ErrorCode, Result};
use crate::events::Payload;
use crate::events::relay::OutboxWaker;
use crate::fetch::{ClientRules, PublicClient, SystemLookup, parse_url};
use crate::media::{ImageImporter, Media, MediaRow};
pub use crate::models::LinkPreview;
use crate::schema::{link_previews, media, message_previews, messages, users};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
pub use page::{PageMeta, describe};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use uuid::Uuid;

/// Links of one message that get a preview.
pub const MAX_LINKS: usize = 3;
/// HTML read of a page, at most.
const PAGE_CAP: usize = 512 * 1024;
/// An oEmbed answer read, at most.
const OEMBED_CAP: usize = 64 * 1024;
/// Pictures browsers show and we can thumbnail.
const PICTURE_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];
/// How long a page's preview (or its failure) is reused.
const FRESH_FOR_HOURS: i64 = 24;

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
pub fn spawn(
    pool: DbPool,
    client: PublicClient,
    pictures: ImageImporter,
    waker: OutboxWaker,
) -> PreviewQueue {
    let (queue, mut jobs) = mpsc::channel::<PreviewJob>(1024);
    let reader = Reader { client, pictures };
    tokio::spawn(async move {
        while let Some(job) = jobs.recv().await {
            if let Err(e) = preview(&pool, &reader, &job).await {
                tracing::warn!(error = %e, message_id = %job.message, "link preview failed");
            } else {
                waker.wake();
            }
        }
    });
    PreviewQueue(queue)
}

struct Reader {
    client: PublicClient,
    pictures: ImageImporter,
}

/// A page's preview as stored.
struct Read {
    meta: PageMeta,
    picture: Option<Uuid>,
}

/// Reads (or reuses) each link's preview and adds those found to the message.
async fn preview(pool: &DbPool, reader: &Reader, job: &PreviewJob) -> Result<()> {
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
        let known = {
            let mut conn = pool.get().await?;
            fresh(&mut conn, url).await?
        };
        let ok = match known {
            Some(ok) => ok,
            None => {
                let read = reader.read(url, job.author).await;
                let mut conn = pool.get().await?;
                store(&mut conn, url, read.as_ref()).await?;
                read.is_some()
            }
        };
        if ok {
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
                    message_previews::conversation_id.eq(record.conversation_id),
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

/// Whether a fresh cached read of `url` found a preview; None when there is
/// no fresh read.
async fn fresh(conn: &mut AsyncPgConnection, url: &str) -> Result<Option<bool>> {
    let row: Option<(bool, DateTime<Utc>)> = link_previews::table
        .find(url)
        .select((link_previews::ok, link_previews::fetched_at))
        .first(conn)
        .await
        .optional()?;
    Ok(row
        .filter(|(_, at)| Utc::now() - *at < chrono::Duration::hours(FRESH_FOR_HOURS))
        .map(|(ok, _)| ok))
}

/// Records a read; a picture the previous read kept and this one replaced is
/// left to the orphan clean-up.
async fn store(conn: &mut AsyncPgConnection, url: &str, read: Option<&Read>) -> Result<()> {
    let meta = read.map(|r| &r.meta);
    let picture = read.and_then(|r| r.picture);
    let values = (
        link_previews::url.eq(url),
        link_previews::fetched_at.eq(Utc::now()),
        link_previews::ok.eq(read.is_some()),
        link_previews::title.eq(meta.and_then(|m| m.title.clone())),
        link_previews::description.eq(meta.and_then(|m| m.description.clone())),
        link_previews::site_name.eq(meta.and_then(|m| m.site_name.clone())),
        link_previews::author_name.eq(meta.and_then(|m| m.author_name.clone())),
        link_previews::image_media_id.eq(picture),
    );
    conn.transaction::<_, Error, _>(async |conn| {
        let before: Option<Option<Uuid>> = link_previews::table
            .find(url)
            .select(link_previews::image_media_id)
            .for_update()
            .first(conn)
            .await
            .optional()?;
        diesel::insert_into(link_previews::table)
            .values(values.clone())
            .on_conflict(link_previews::url)
            .do_update()
            .set(values)
            .execute(conn)
            .await?;
        if let Some(replaced) = before.flatten().filter(|old| Some(*old) != picture) {
            diesel::update(media::table.find(replaced))
                .set(media::attached_at.eq(None::<DateTime<Utc>>))
                .execute(conn)
                .await?;
        }
        Ok(())
    })
    .await
}

impl Reader {
    /// Reads the page, its oEmbed and its picture; None for no page (refused,
    /// failed, not HTML) or a page that says nothing. The picture is optional:
    /// a preview without one is still a preview.
    async fn read(&self, url: &str, owner: Uuid) -> Option<Read> {
        let parsed = parse_url(url).ok()?;
        let page = match self
            .client
            .get_page(&parsed, &["text/html", "application/xhtml+xml"], PAGE_CAP)
            .await
        {
            Ok(page) => page,
            Err(why) => {
                tracing::info!(url, why, "no link preview");
                return None;
            }
        };
        let mut meta = describe(&String::from_utf8_lossy(&page.body), &page.url);
        if let Some(oembed) = meta.oembed.take() {
            match self
                .client
                .get_page(&oembed, &["application/json", "text/json"], OEMBED_CAP)
                .await
            {
                Ok(answer) if !answer.truncated => {
                    page::add_oembed(&mut meta, &answer.body, &answer.url)
                }
                Ok(_) => tracing::info!(url, "oEmbed answer too long"),
                Err(why) => tracing::info!(url, why, "no oEmbed"),
            }
        }
        if !meta.says_something() {
            return None;
        }
        let picture = match meta.image.take() {
            Some(image) => self.picture(url, &image, owner).await,
            None => None,
        };
        Some(Read { meta, picture })
    }

    /// Fetches a page's picture and keeps a copy like an upload.
    async fn picture(&self, url: &str, image: &url::Url, owner: Uuid) -> Option<Uuid> {
        let cap = usize::try_from(self.pictures.max_bytes).unwrap_or(usize::MAX);
        let fetched = match self
            .client
            .get_page(image, PICTURE_TYPES, cap.saturating_add(1))
            .await
        {
            Ok(fetched) if fetched.body.len() <= cap => fetched,
            Ok(_) => {
                tracing::info!(url, "preview picture over the image size limit");
                return None;
            }
            Err(why) => {
                tracing::info!(url, why, "no preview picture");
                return None;
            }
        };
        match self.pictures.import(owner, &fetched.body).await {
            Ok(kept) => Some(kept.id),
            Err(e) => {
                tracing::info!(url, error = %e, "preview picture refused");
                None
            }
        }
    }
}

/// The previews each message shows (not removed, read), in link order.
pub(crate) async fn of_messages(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<LinkPreview>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    type Row = (
        Uuid,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<MediaRow>,
    );
    let rows: Vec<Row> = message_previews::table
        .inner_join(link_previews::table.left_join(media::table))
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
            link_previews::author_name,
            Option::<MediaRow>::as_select(),
        ))
        .load(conn)
        .await?;
    let mut by_message: HashMap<Uuid, Vec<LinkPreview>> = HashMap::new();
    for (message, url, title, description, site_name, author_name, image) in rows {
        by_message.entry(message).or_default().push(LinkPreview {
            url,
            title,
            description,
            site_name,
            author_name,
            image: image.as_ref().map(Media::from),
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
