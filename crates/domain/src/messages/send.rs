use super::{Message, MessageBody, Nonce};
use crate::error::{Error, Result};
use crate::events::EventType;
use chrono::{DateTime, Utc};
use diesel::sql_types::{Bool, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

pub struct SendMessage {
    pub body: MessageBody,
    pub nonce: Option<Nonce>,
    pub reply_to: Option<Uuid>,
}

#[derive(diesel::QueryableByName)]
struct Outcome {
    #[diesel(sql_type = Bool)]
    member: bool,
    #[diesel(sql_type = Bool)]
    allowed: bool,
    #[diesel(sql_type = Bool)]
    reply_ok: bool,
    #[diesel(sql_type = Bool)]
    inserted: bool,
}

/// One statement: checks membership (and, for a DM, that the two are still
/// friends), the reply target and the nonce; inserts the message and its
/// `message.created` outbox row addressed to every member; reports which check
/// failed.
const SEND: &str = r#"
WITH conv AS (
    SELECT c.kind FROM conversations c
    JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $2
    WHERE c.id = $1
), allowed AS (
    SELECT 1 FROM conv
    WHERE conv.kind <> 'dm' OR EXISTS (
        SELECT 1 FROM conversation_members o
        JOIN friendships f ON f.user_id = $2 AND f.friend_id = o.user_id
        WHERE o.conversation_id = $1 AND o.user_id <> $2)
), prior AS (
    SELECT id FROM messages
    WHERE $6::text IS NOT NULL AND conversation_id = $1 AND author_id = $2 AND nonce = $6
), reply AS (
    SELECT 1 WHERE $5::uuid IS NULL
        OR EXISTS (SELECT 1 FROM messages WHERE id = $5 AND conversation_id = $1)
), inserted AS (
    INSERT INTO messages (id, conversation_id, author_id, body, reply_to_id, nonce, created_at)
    SELECT $3, $1, $2, $4, $5, $6, $7
    WHERE EXISTS (SELECT 1 FROM allowed) AND EXISTS (SELECT 1 FROM reply)
      AND NOT EXISTS (SELECT 1 FROM prior)
    ON CONFLICT DO NOTHING
    RETURNING id
), event AS (
    INSERT INTO outbox (event_type, recipients, payload)
    SELECT $9, ARRAY(SELECT user_id FROM conversation_members WHERE conversation_id = $1), $8::jsonb
    FROM inserted
)
SELECT EXISTS (SELECT 1 FROM conv) AS member,
       EXISTS (SELECT 1 FROM allowed) AS allowed,
       EXISTS (SELECT 1 FROM reply) AS reply_ok,
       EXISTS (SELECT 1 FROM inserted) AS inserted
"#;

/// Sends a message. A retry with the same nonce returns the first message.
pub async fn send(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    input: SendMessage,
) -> Result<Message> {
    let message = Message {
        id: Uuid::now_v7(),
        conversation_id: conversation,
        author_id: Some(me),
        body: Some(input.body.into_inner()),
        reply_to_id: input.reply_to,
        nonce: input.nonce.map(Nonce::into_inner),
        created_at: now_micros(),
        edited_at: None,
        deleted_at: None,
    };
    let payload = serde_json::to_string(&message).expect("message serialises");
    let outcome: Outcome = diesel::sql_query(SEND)
        .bind::<diesel::sql_types::Uuid, _>(conversation)
        .bind::<diesel::sql_types::Uuid, _>(me)
        .bind::<diesel::sql_types::Uuid, _>(message.id)
        .bind::<Nullable<Text>, _>(message.body.as_deref())
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(message.reply_to_id)
        .bind::<Nullable<Text>, _>(message.nonce.as_deref())
        .bind::<Timestamptz, _>(message.created_at)
        .bind::<Text, _>(payload)
        .bind::<Text, _>(EventType::MessageCreated.as_str())
        .get_result(conn)
        .await?;
    if !outcome.member {
        return Err(Error::NotFound("conversation"));
    }
    if !outcome.allowed {
        return Err(Error::Forbidden {
            code: "not_friends",
            message: "direct messages need friendship",
        });
    }
    if !outcome.reply_ok {
        return Err(Error::invalid(
            "invalid_reply_to",
            "reply_to must be a message of this conversation",
        ));
    }
    if outcome.inserted {
        return Ok(message);
    }
    // A retry: the first message with this nonce (committed before us, or by a
    // concurrent retry that won the race).
    by_nonce(
        conn,
        conversation,
        me,
        message.nonce.as_deref().unwrap_or_default(),
    )
    .await
}

async fn by_nonce(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    author: Uuid,
    nonce: &str,
) -> Result<Message> {
    use crate::schema::messages;
    use diesel::{ExpressionMethods, OptionalExtension, QueryDsl, SelectableHelper};
    messages::table
        .filter(messages::conversation_id.eq(conversation))
        .filter(messages::author_id.eq(author))
        .filter(messages::nonce.eq(nonce))
        .select(Message::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or_else(|| Error::internal("message with nonce vanished"))
}

/// Postgres keeps microseconds; trimming here makes the message we return equal
/// to the one stored and read back later.
fn now_micros() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}
