//! The `groups` row, which every part of a group's rules reads, apart from the
//! group as the API shows it (`info`).

use crate::error::{Error, Result};
use crate::schema::groups;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// A row of `groups`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = groups)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub(super) struct GroupRow {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub name: String,
    pub description: String,
    pub photo_media_id: Option<Uuid>,
    pub kind: String,
    pub handle: Option<String>,
    pub owner_id: Uuid,
    pub default_role_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub slowmode_secs: i32,
}

/// The group's row, unlocked (for reading).
pub(super) async fn row(conn: &mut AsyncPgConnection, id: Uuid) -> Result<GroupRow> {
    groups::table
        .find(id)
        .select(GroupRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("group"))
}
