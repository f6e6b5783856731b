use crate::error::{Error, Result};
use crate::messages::{Message, MessageRecord};
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A conversation as one member sees it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Conversation {
    pub id: Uuid,
    #[schema(schema_with = kinds)]
    pub kind: String,
    pub created_at: DateTime<Utc>,
    /// For a DM: the other person.
    pub peer: Option<PublicUser>,
    /// For a group: what the list shows of it (the full group is at `/groups/{id}`).
    pub group: Option<GroupSummary>,
    /// The newest message of the main timeline (a tombstone if it was deleted).
    pub last_message: Option<Message>,
    /// Messages of the main timeline from others after your read marker
    /// (counted up to 1000); thread replies count in `unread_threads`.
    pub unread_count: i64,
    /// Of those, the ones that mention you (by name or `@everyone`).
    pub mention_count: i64,
    /// Threads you follow here with replies by others you have not read.
    pub unread_threads: i64,
    /// Your read marker.
    pub last_read_message_id: Option<Uuid>,
    /// For a DM: the other person's read marker, for "seen".
    pub peer_last_read_message_id: Option<Uuid>,
    /// Your notification level and mute here.
    pub notifications: super::notify::ConversationNotifications,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct GroupSummary {
    pub id: Uuid,
    pub name: String,
    #[schema(schema_with = crate::models::group::kinds)]
    pub kind: String,
    pub photo_url: Option<String>,
}

#[derive(diesel::QueryableByName)]
struct Row {
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    group_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    group_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    group_kind: Option<String>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    group_photo: Option<Uuid>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Jsonb>)]
    lm_system: Option<serde_json::Value>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    lm_forwarded_from_id: Option<Uuid>,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    last_read_message_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    peer_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    peer_last_read: Option<Uuid>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    lm_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    lm_author_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    lm_body: Option<String>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    lm_reply_to_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    lm_nonce: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    lm_created_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    lm_edited_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    lm_deleted_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    lm_pinned_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    lm_pinned_by: Option<Uuid>,
    #[diesel(sql_type = BigInt)]
    unread_count: i64,
    #[diesel(sql_type = BigInt)]
    mention_count: i64,
    #[diesel(sql_type = BigInt)]
    unread_threads: i64,
    #[diesel(sql_type = Text)]
    notify_level: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    muted: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    muted_until: Option<DateTime<Utc>>,
}

/// Every conversation of `$1` (or only `$2`), most recently active first. The
/// last message and the unread count come from index lookups per row, in this
/// one statement.
const LIST: &str = r#"
SELECT c.id, c.kind, c.created_at, me.last_read_message_id,
       me.notify_level, me.muted, me.muted_until,
       peer.user_id AS peer_id, peer.last_read_message_id AS peer_last_read,
       lm.id AS lm_id, lm.author_id AS lm_author_id, lm.body AS lm_body,
       lm.reply_to_id AS lm_reply_to_id, lm.nonce AS lm_nonce, lm.created_at AS lm_created_at,
       lm.edited_at AS lm_edited_at, lm.deleted_at AS lm_deleted_at, lm.system AS lm_system,
       lm.pinned_at AS lm_pinned_at, lm.pinned_by AS lm_pinned_by,
       lm.forwarded_from_id AS lm_forwarded_from_id,
       g.id AS group_id, g.name AS group_name, g.kind AS group_kind, g.photo_media_id AS group_photo,
       (SELECT count(*) FROM (
            SELECT 1 FROM messages u
            WHERE u.conversation_id = c.id AND u.deleted_at IS NULL AND u.thread_id IS NULL
              AND u.author_id IS DISTINCT FROM $1
              AND (me.last_read_message_id IS NULL OR u.id > me.last_read_message_id)
            LIMIT 1000) AS unread) AS unread_count,
       (SELECT count(*) FROM (
            SELECT 1 FROM message_mentions mm
            WHERE mm.user_id = $1 AND mm.conversation_id = c.id
              AND (me.last_read_message_id IS NULL OR mm.message_id > me.last_read_message_id)
              AND NOT EXISTS (SELECT 1 FROM messages x WHERE x.id = mm.message_id AND x.thread_id IS NOT NULL)
            LIMIT 1000) AS mentioned) AS mention_count,
       (SELECT count(*) FROM thread_members tm JOIN threads t ON t.root_id = tm.root_id
         WHERE tm.user_id = $1 AND tm.following AND t.conversation_id = c.id
           AND t.last_reply_id IS NOT NULL
           AND (tm.last_read_id IS NULL OR t.last_reply_id > tm.last_read_id)) AS unread_threads
FROM conversation_members me
JOIN conversations c ON c.id = me.conversation_id
LEFT JOIN conversation_members peer
       ON c.kind = 'dm' AND peer.conversation_id = c.id AND peer.user_id <> $1
LEFT JOIN groups g ON g.conversation_id = c.id
LEFT JOIN LATERAL (
       SELECT * FROM messages m WHERE m.conversation_id = c.id AND m.thread_id IS NULL
        ORDER BY m.id DESC LIMIT 1
) lm ON true
WHERE me.user_id = $1 AND ($2::uuid IS NULL OR c.id = $2)
ORDER BY GREATEST(lm.created_at, c.created_at) DESC, c.id DESC
"#;

async fn query(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    only: Option<Uuid>,
) -> Result<Vec<Conversation>> {
    let rows: Vec<Row> = diesel::sql_query(LIST)
        .bind::<diesel::sql_types::Uuid, _>(me)
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(only)
        .load(conn)
        .await?;
    let peers: Vec<Uuid> = rows.iter().filter_map(|r| r.peer_id).collect();
    let profiles = user_repo::public_profiles(conn, &peers).await?;
    let shown: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.lm_deleted_at.is_none())
        .filter_map(|r| r.lm_id)
        .collect();
    let mut attachments = crate::media::attachments_of(conn, &shown).await?;
    let now = Utc::now();
    Ok(rows
        .into_iter()
        .map(|r| Conversation {
            last_message: match (r.lm_id, r.lm_created_at) {
                (Some(id), Some(created_at)) => Some(Message::bare(MessageRecord {
                    id,
                    conversation_id: r.id,
                    author_id: r.lm_author_id,
                    body: r.lm_body,
                    reply_to_id: r.lm_reply_to_id,
                    nonce: r.lm_nonce,
                    created_at,
                    edited_at: r.lm_edited_at,
                    deleted_at: r.lm_deleted_at,
                    system: r.lm_system,
                    pinned_at: r.lm_pinned_at,
                    pinned_by: r.lm_pinned_by,
                    forwarded_from_id: r.lm_forwarded_from_id,
                    thread_id: None,
                })),
                _ => None,
            },
            id: r.id,
            kind: r.kind,
            created_at: r.created_at,
            peer: r.peer_id.and_then(|p| profiles.get(&p).cloned()),
            group: match (r.group_id, r.group_name, r.group_kind) {
                (Some(id), Some(name), Some(kind)) => Some(GroupSummary {
                    id,
                    name,
                    kind,
                    photo_url: r.group_photo.map(crate::urls::media),
                }),
                _ => None,
            },
            unread_count: r.unread_count,
            mention_count: r.mention_count,
            unread_threads: r.unread_threads,
            last_read_message_id: r.last_read_message_id,
            peer_last_read_message_id: r.peer_last_read,
            notifications: super::notify::view(
                me,
                r.id,
                &r.notify_level,
                r.muted,
                r.muted_until,
                now,
            ),
        })
        .map(|mut c: Conversation| {
            if let Some(m) = c.last_message.as_mut() {
                m.attachments = attachments.remove(&m.id).unwrap_or_default();
            }
            c
        })
        .collect())
}

pub async fn list(conn: &mut AsyncPgConnection, me: Uuid) -> Result<Vec<Conversation>> {
    query(conn, me, None).await
}

pub async fn get(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<Conversation> {
    query(conn, me, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or(Error::not_found("conversation"))
}

fn kinds() -> utoipa::openapi::schema::Object {
    crate::text::one_of("A direct message or a group's chat.", &["dm", "group"])
}
