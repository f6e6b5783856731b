//! Filing a report, and telling its handlers.

use super::{MyReport, NewReport, Subject};
use crate::error::{Error, ErrorCode, Result};
use crate::notifications::{self, Kind};
use crate::schema::{conversation_members, groups, messages, reports, users};
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::json;
use uuid::Uuid;

/// What a report is about, once found and checked.
struct Found {
    group: Option<Uuid>,
    conversation: Option<Uuid>,
    message: Option<Uuid>,
    target: Option<Uuid>,
    message_text: Option<String>,
}

/// Files `me`'s report: of a message they can see (in a conversation they are
/// in, not deleted, not a system line, not their own), or of another user.
/// One open report per reporter and subject (409 `already_reported`). Call
/// in a transaction: the handlers' notifications go with the row.
pub async fn file(conn: &mut AsyncPgConnection, me: Uuid, report: NewReport) -> Result<MyReport> {
    let found = match report.subject {
        Subject::Message(id) => find_message(conn, me, id).await?,
        Subject::User(id) => find_user(conn, id).await?,
    };
    if found.target == Some(me) {
        return Err(Error::new(
            ErrorCode::CannotReportSelf,
            "you cannot report yourself or your own message",
        ));
    }
    let id = Uuid::now_v7();
    let inserted: Option<DateTime<Utc>> = diesel::insert_into(reports::table)
        .values((
            reports::id.eq(id),
            reports::reporter_id.eq(me),
            reports::group_id.eq(found.group),
            reports::conversation_id.eq(found.conversation),
            reports::message_id.eq(found.message),
            reports::target_user_id.eq(found.target),
            reports::message_text.eq(&found.message_text),
            reports::reason.eq(report.reason.as_str()),
            reports::details.eq(&report.details),
        ))
        .on_conflict_do_nothing()
        .returning(reports::created_at)
        .get_result(conn)
        .await
        .optional()?;
    let Some(created_at) = inserted else {
        return Err(Error::new(
            ErrorCode::AlreadyReported,
            "you reported this already; your report is still open",
        ));
    };
    let handlers: Vec<Uuid> = handlers(conn, found.group)
        .await?
        .into_iter()
        .filter(|&h| h != me)
        .collect();
    notifications::create_unnamed(
        conn,
        &handlers,
        Kind::ReportReceived,
        json!({
            "report_id": id,
            "group_id": found.group,
            "reason": report.reason.as_str(),
        }),
    )
    .await?;
    let target = match found.target {
        Some(t) => user_repo::public_profiles(conn, &[t]).await?.remove(&t),
        None => None,
    };
    Ok(MyReport {
        id,
        message_id: found.message,
        conversation_id: found.conversation,
        target,
        reason: report.reason.as_str().to_owned(),
        details: report.details,
        state: super::ReportState::Open.as_str().to_owned(),
        outcome: None,
        created_at,
        resolved_at: None,
    })
}

async fn find_message(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<Found> {
    /// Conversation, author, body, group.
    type Seen = (Uuid, Option<Uuid>, Option<String>, Option<Uuid>);
    let row: Option<Seen> = messages::table
        .inner_join(
            conversation_members::table
                .on(conversation_members::conversation_id.eq(messages::conversation_id)),
        )
        .left_join(groups::table.on(groups::conversation_id.eq(messages::conversation_id)))
        .filter(messages::id.eq(id))
        .filter(conversation_members::user_id.eq(me))
        .filter(messages::deleted_at.is_null())
        .filter(messages::system.is_null())
        .select((
            messages::conversation_id,
            messages::author_id,
            messages::body,
            groups::id.nullable(),
        ))
        .first(conn)
        .await
        .optional()?;
    let (conversation, author, body, group) = row.ok_or(Error::not_found("message"))?;
    Ok(Found {
        group,
        conversation: Some(conversation),
        message: Some(id),
        target: author,
        message_text: Some(body.unwrap_or_default()),
    })
}

async fn find_user(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Found> {
    let exists: Option<Uuid> = users::table
        .filter(users::id.eq(id))
        .filter(users::deleted_at.is_null())
        .select(users::id)
        .first(conn)
        .await
        .optional()?;
    let target = exists.ok_or(Error::not_found("user"))?;
    Ok(Found {
        group: None,
        conversation: None,
        message: None,
        target: Some(target),
        message_text: None,
    })
}

/// Who handles a queue: the group's owner and members whose role has
/// `manage_reports`; for the site, its administrators (not disabled).
pub(super) async fn handlers(
    conn: &mut AsyncPgConnection,
    group: Option<Uuid>,
) -> Result<Vec<Uuid>> {
    #[derive(QueryableByName)]
    struct Handler {
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        user_id: Uuid,
    }
    let rows: Vec<Handler> = match group {
        Some(group) => {
            diesel::sql_query(
                "SELECT m.user_id
                   FROM groups g
                   JOIN conversation_members m ON m.conversation_id = g.conversation_id
                   LEFT JOIN group_roles r ON r.id = m.role_id
                  WHERE g.id = $1
                    AND (m.user_id = g.owner_id OR 'manage_reports' = ANY (r.permissions))",
            )
            .bind::<diesel::sql_types::Uuid, _>(group)
            .load(conn)
            .await?
        }
        None => {
            diesel::sql_query(
                "SELECT id AS user_id FROM users
                  WHERE site_admin AND disabled_at IS NULL AND deleted_at IS NULL",
            )
            .load(conn)
            .await?
        }
    };
    Ok(rows.into_iter().map(|h| h.user_id).collect())
}
