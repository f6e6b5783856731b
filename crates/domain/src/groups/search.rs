//! Finding public groups by handle or name.

use super::info::with_counts;
use super::row::GroupRow;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::models::Group;
use crate::pagination::{like_prefix, parse_limit};
use crate::schema::{conversation_members, groups};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct GroupSearchResult {
    #[serde(flatten)]
    pub group: Group,
    /// Whether you are a member already.
    pub joined: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct GroupSearchPage {
    pub items: Vec<GroupSearchResult>,
    /// Pass as `before` for the next page; null on the last page.
    pub next_before: Option<Uuid>,
}

/// The longest search (the API document's `maxLength` of `q`).
pub const QUERY_MAX: usize = 64;

/// Public groups whose handle or name starts with `query` (case-insensitive;
/// an empty query lists them all), newest first.
pub async fn search(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    query: &str,
    before: Option<Uuid>,
    limit: Option<i64>,
) -> Result<GroupSearchPage> {
    let limit = parse_limit(limit)?;
    let too_long = query.chars().count() > QUERY_MAX;
    let query = query.trim().trim_start_matches('@').to_lowercase();
    if too_long {
        return Err(Error::new(
            ErrorCode::InvalidQuery,
            "a search is at most 64 characters",
        ));
    }
    let pattern = like_prefix(&query);
    let mut sql = groups::table
        .filter(groups::kind.eq("public"))
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("(lower(handle) LIKE ")
                .bind::<diesel::sql_types::Text, _>(pattern.clone())
                .sql(" OR lower(name) LIKE ")
                .bind::<diesel::sql_types::Text, _>(pattern)
                .sql(")"),
        )
        .select(GroupRow::as_select())
        .order(groups::id.desc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(before) = before {
        sql = sql.filter(groups::id.lt(before));
    }
    let mut rows: Vec<GroupRow> = sql.load(conn).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let joined: Vec<Uuid> = conversation_members::table
        .filter(conversation_members::user_id.eq(me))
        .filter(
            conversation_members::conversation_id.eq_any(rows.iter().map(|r| r.conversation_id)),
        )
        .select(conversation_members::conversation_id)
        .load(conn)
        .await?;
    let groups = with_counts(conn, rows).await?;
    let next_before = if more {
        groups.last().map(|g| g.id)
    } else {
        None
    };
    Ok(GroupSearchPage {
        items: groups
            .into_iter()
            .map(|group| GroupSearchResult {
                joined: joined.contains(&group.conversation_id),
                group,
            })
            .collect(),
        next_before,
    })
}

/// Every group, private ones too (for site administrators): handle or name
/// starting with `query`, newest first. Returns the page and the next cursor.
pub async fn every_group(
    conn: &mut AsyncPgConnection,
    query: Option<&str>,
    page: crate::pagination::Page,
) -> Result<(Vec<Group>, Option<Uuid>)> {
    let mut sql = groups::table
        .select(GroupRow::as_select())
        .order(groups::id.desc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(query) = query.map(|q| q.trim().trim_start_matches('@')) {
        let pattern = like_prefix(&query.to_lowercase());
        sql = sql.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("(lower(handle) LIKE ")
                .bind::<diesel::sql_types::Text, _>(pattern.clone())
                .sql(" OR lower(name) LIKE ")
                .bind::<diesel::sql_types::Text, _>(pattern)
                .sql(")"),
        );
    }
    if let Some(before) = page.before {
        sql = sql.filter(groups::id.lt(before));
    }
    let (rows, next) = page.split(sql.load(conn).await?, |g: &GroupRow| g.id);
    Ok((with_counts(conn, rows).await?, next))
}
