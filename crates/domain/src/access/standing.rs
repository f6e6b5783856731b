//! Where members stand in groups, loaded by conversation: the input of
//! [`super::authorize`] for the message paths, which know a conversation, not a
//! group.

use super::permissions::{Permissions, Standing};
use crate::error::Result;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use uuid::Uuid;

/// The standing of `user` in the group whose conversation this is; `None` when
/// the conversation is not a group or they are not in it.
pub async fn standing_in_conversation(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    user: Uuid,
) -> Result<Option<Standing>> {
    let standings = group_standings(conn, &[(conversation, user)]).await?;
    Ok(standings.get(&(conversation, user)).copied())
}

/// Standings for many (conversation, user) pairs in one query; pairs that are
/// not group memberships are absent. Message sending checks a batch with it.
pub async fn group_standings(
    conn: &mut AsyncPgConnection,
    pairs: &[(Uuid, Uuid)],
) -> Result<HashMap<(Uuid, Uuid), Standing>> {
    let (conversations, users): (Vec<Uuid>, Vec<Uuid>) = pairs.iter().copied().unzip();
    let rows: Vec<StandingRow> = diesel::sql_query(
        "SELECT m.conversation_id, m.user_id, g.owner_id = m.user_id AS owner, r.priority, r.permissions
           FROM unnest($1::uuid[], $2::uuid[]) AS p(conversation_id, user_id)
           JOIN conversation_members m USING (conversation_id, user_id)
           JOIN groups g ON g.conversation_id = m.conversation_id
           JOIN group_roles r ON r.id = m.role_id",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(conversations)
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(users)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let standing = Standing {
                owner: r.owner,
                priority: r.priority,
                permissions: Permissions::from_stored(&r.permissions),
            };
            ((r.conversation_id, r.user_id), standing)
        })
        .collect())
}

#[derive(QueryableByName)]
struct StandingRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    conversation_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    user_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    owner: bool,
    #[diesel(sql_type = diesel::sql_types::Int4)]
    priority: i32,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
    permissions: Vec<String>,
}
