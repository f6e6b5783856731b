//! Reading what belongs in a user's export, as JSON documents and the media
//! files to copy.

use crate::error::Result;
use crate::schema::{
    conversation_members, conversations, groups, media, message_attachments, messages, users,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

/// Everything the archive will hold.
pub struct Contents {
    /// (path in the archive, JSON document)
    pub documents: Vec<(String, Value)>,
    /// The user's uploads: (id, mime)
    pub media: Vec<(Uuid, String)>,
}

#[derive(Serialize, Queryable)]
struct OwnMessage {
    id: Uuid,
    created_at: DateTime<Utc>,
    edited_at: Option<DateTime<Utc>>,
    body: Option<String>,
    reply_to_id: Option<Uuid>,
}

pub async fn contents(conn: &mut AsyncPgConnection, user: Uuid) -> Result<Contents> {
    let me = crate::users::repo::get(conn, user).await?;
    let mut documents = vec![(
        "profile.json".to_owned(),
        json!({
            "id": me.id,
            "username": me.username,
            "display_name": me.display_name,
            "bio": me.bio,
            "status_text": me.status_text,
            "email": me.email,
            "email_verified_at": me.email_verified_at,
            "created_at": me.created_at,
            "avatar_media_id": me.avatar_media_id,
        }),
    )];

    let friend_ids = crate::access::friends_of(conn, &[user])
        .await?
        .remove(&user)
        .unwrap_or_default();
    let friends = crate::users::repo::public_profiles(conn, &friend_ids).await?;
    let friends: Vec<_> = friends.into_values().collect();
    documents.push(("friends.json".to_owned(), json!(friends)));

    let memberships: Vec<(Uuid, String, DateTime<Utc>)> = conversation_members::table
        .inner_join(conversations::table)
        .filter(conversation_members::user_id.eq(user))
        .select((
            conversations::id,
            conversations::kind,
            conversation_members::joined_at,
        ))
        .load(conn)
        .await?;
    for (conversation, kind, joined_at) in memberships {
        let group_name: Option<String> = groups::table
            .filter(groups::conversation_id.eq(conversation))
            .select(groups::name)
            .first(conn)
            .await
            .optional()?;
        let members: Vec<String> = conversation_members::table
            .inner_join(users::table)
            .filter(conversation_members::conversation_id.eq(conversation))
            .select(users::username)
            .load(conn)
            .await?;
        let own: Vec<OwnMessage> = messages::table
            .filter(messages::conversation_id.eq(conversation))
            .filter(messages::author_id.eq(user))
            .filter(messages::deleted_at.is_null())
            .order(messages::id.asc())
            .select((
                messages::id,
                messages::created_at,
                messages::edited_at,
                messages::body,
                messages::reply_to_id,
            ))
            .load(conn)
            .await?;
        let ids: Vec<Uuid> = own.iter().map(|m| m.id).collect();
        let attachments: Vec<(Uuid, Uuid)> = message_attachments::table
            .filter(message_attachments::message_id.eq_any(&ids))
            .order((
                message_attachments::message_id,
                message_attachments::position,
            ))
            .select((
                message_attachments::message_id,
                message_attachments::media_id,
            ))
            .load(conn)
            .await?;
        let messages: Vec<Value> = own
            .into_iter()
            .map(|m| {
                let files: Vec<Uuid> = attachments
                    .iter()
                    .filter(|(message, _)| *message == m.id)
                    .map(|(_, media)| *media)
                    .collect();
                let mut value = json!(m);
                value["attachment_media_ids"] = json!(files);
                value
            })
            .collect();
        documents.push((
            format!("conversations/{conversation}.json"),
            json!({
                "id": conversation,
                "kind": kind,
                "group_name": group_name,
                "members": members,
                "joined_at": joined_at,
                "your_messages": messages,
            }),
        ));
    }

    let media: Vec<(Uuid, String)> = media::table
        .filter(media::uploader_id.eq(user))
        .filter(media::status.eq("ready"))
        .select((media::id, media::mime))
        .load(conn)
        .await?;
    Ok(Contents { documents, media })
}
