//! Slow mode: in a group with `slowmode_secs` > 0, a member whose role lacks
//! `bypass_slowmode` (and who is not the owner) sends at most one message per
//! window. A send claims the window by moving the member's `last_sent_at`
//! with one conditional UPDATE (concurrent sends: one claims, the rest wait),
//! so API processes need no shared state but the row.

use crate::error::Result;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use uuid::Uuid;

/// A (conversation, member) pair held by slow mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlowmodeSlot {
    /// The group's window, seconds.
    pub window_secs: u64,
    /// None: this send claimed the window; else how long to wait.
    pub wait_secs: Option<u64>,
}

/// Claims the slow-mode window for each pair in a slow group (pairs in
/// groups without slow mode, or with the right to skip it, are absent).
pub async fn claim_slowmode(
    conn: &mut AsyncPgConnection,
    pairs: &[(Uuid, Uuid)],
) -> Result<HashMap<(Uuid, Uuid), SlowmodeSlot>> {
    if pairs.is_empty() {
        return Ok(HashMap::new());
    }
    let (conversations, users): (Vec<Uuid>, Vec<Uuid>) = pairs.iter().copied().unzip();
    let rows: Vec<SlotRow> = diesel::sql_query(
        "WITH slow AS (
             SELECT m.conversation_id, m.user_id, g.slowmode_secs, m.last_sent_at
               FROM (SELECT DISTINCT * FROM unnest($1::uuid[], $2::uuid[])) AS p(conversation_id, user_id)
               JOIN conversation_members m USING (conversation_id, user_id)
               JOIN groups g ON g.conversation_id = m.conversation_id
               JOIN group_roles r ON r.id = m.role_id
              WHERE g.slowmode_secs > 0 AND g.owner_id <> m.user_id
                AND NOT ('bypass_slowmode' = ANY (r.permissions))
         ), claimed AS (
             UPDATE conversation_members m SET last_sent_at = now()
               FROM slow s
              WHERE m.conversation_id = s.conversation_id AND m.user_id = s.user_id
                AND (m.last_sent_at IS NULL
                     OR m.last_sent_at <= now() - make_interval(secs => s.slowmode_secs))
             RETURNING m.conversation_id, m.user_id
         )
         SELECT s.conversation_id, s.user_id, s.slowmode_secs::bigint AS window_secs,
                CASE WHEN c.user_id IS NOT NULL THEN NULL
                     ELSE greatest(1, ceil(extract(epoch FROM
                          s.last_sent_at + make_interval(secs => s.slowmode_secs) - now())))::bigint
                END AS wait_secs
           FROM slow s LEFT JOIN claimed c USING (conversation_id, user_id)",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(conversations)
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(users)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let slot = SlowmodeSlot {
                window_secs: r.window_secs.max(0) as u64,
                wait_secs: r.wait_secs.map(|w| w.max(1) as u64),
            };
            ((r.conversation_id, r.user_id), slot)
        })
        .collect())
}

#[derive(QueryableByName)]
struct SlotRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    conversation_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    user_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    window_secs: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    wait_secs: Option<i64>,
}
