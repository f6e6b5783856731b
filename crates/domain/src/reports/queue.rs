//! Reading the queues, one's own reports, and settling a report.

use super::{MyReport, MyReportPage, Queue, Report, ReportPage, ReportState, Resolution};
use crate::access::{Action, authorize, standing_in_conversation};
use crate::admin::{self, SiteAction};
use crate::audit::{self, AuditAction};
use crate::error::{Error, ErrorCode, Result};
use crate::notifications::{self, Kind};
use crate::pagination::Page;
use crate::schema::{groups, reports};
use crate::users::repo as user_repo;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::json;
use uuid::Uuid;

#[derive(Queryable, Selectable)]
#[diesel(table_name = reports)]
struct Row {
    id: Uuid,
    reporter_id: Option<Uuid>,
    group_id: Option<Uuid>,
    conversation_id: Option<Uuid>,
    message_id: Option<Uuid>,
    target_user_id: Option<Uuid>,
    message_text: Option<String>,
    reason: String,
    details: String,
    state: String,
    handled_by: Option<Uuid>,
    handled_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
    created_at: DateTime<Utc>,
}

/// May `me` handle this queue? A group's: its members with `manage_reports`
/// (403 for other members, 404 for outsiders); the site's: administrators
/// (403 `admin_only`).
async fn may_handle(conn: &mut AsyncPgConnection, me: Uuid, queue: Queue) -> Result<()> {
    match queue {
        Queue::Site => admin::require_admin(conn, me).await,
        Queue::Group(group) => {
            let conversation: Uuid = groups::table
                .find(group)
                .select(groups::conversation_id)
                .first(conn)
                .await
                .optional()?
                .ok_or(Error::not_found("group"))?;
            let standing = standing_in_conversation(conn, conversation, me)
                .await?
                .ok_or(Error::not_found("group"))?;
            Ok(authorize(&standing, Action::ManageReports)?)
        }
    }
}

/// A queue, newest first, optionally of one state.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    queue: Queue,
    state: Option<ReportState>,
    page: Page,
) -> Result<ReportPage> {
    may_handle(conn, me, queue).await?;
    let mut query = reports::table
        .select(Row::as_select())
        .order(reports::id.desc())
        .limit(page.limit + 1)
        .into_boxed();
    query = match queue {
        Queue::Group(group) => query.filter(reports::group_id.eq(group)),
        Queue::Site => query.filter(reports::group_id.is_null()),
    };
    if let Some(state) = state {
        query = query.filter(reports::state.eq(state.as_str()));
    }
    if let Some(before) = page.before {
        query = query.filter(reports::id.lt(before));
    }
    let (rows, next_before) = page.split(query.load(conn).await?, |r: &Row| r.id);
    Ok(ReportPage {
        items: for_handlers(conn, rows).await?,
        next_before,
    })
}

async fn for_handlers(conn: &mut AsyncPgConnection, rows: Vec<Row>) -> Result<Vec<Report>> {
    let people: Vec<Uuid> = rows
        .iter()
        .flat_map(|r| [r.reporter_id, r.target_user_id, r.handled_by])
        .flatten()
        .collect();
    let profiles = user_repo::public_profiles(conn, &people).await?;
    let profile = |id: Option<Uuid>| id.and_then(|id| profiles.get(&id).cloned());
    Ok(rows
        .into_iter()
        .map(|r| Report {
            id: r.id,
            group_id: r.group_id,
            conversation_id: r.conversation_id,
            message_id: r.message_id,
            message_text: r.message_text,
            target: profile(r.target_user_id),
            reporter: profile(r.reporter_id),
            reason: r.reason,
            details: r.details,
            state: r.state,
            handled_by: profile(r.handled_by),
            resolved_at: r.handled_at,
            outcome: r.outcome,
            created_at: r.created_at,
        })
        .collect())
}

/// The reports `me` made, newest first.
pub async fn mine(conn: &mut AsyncPgConnection, me: Uuid, page: Page) -> Result<MyReportPage> {
    let mut query = reports::table
        .filter(reports::reporter_id.eq(me))
        .select(Row::as_select())
        .order(reports::id.desc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(before) = page.before {
        query = query.filter(reports::id.lt(before));
    }
    let (rows, next_before) = page.split(query.load(conn).await?, |r: &Row| r.id);
    let targets: Vec<Uuid> = rows.iter().filter_map(|r| r.target_user_id).collect();
    let profiles = user_repo::public_profiles(conn, &targets).await?;
    Ok(MyReportPage {
        items: rows
            .into_iter()
            .map(|r| MyReport {
                id: r.id,
                message_id: r.message_id,
                conversation_id: r.conversation_id,
                target: r.target_user_id.and_then(|t| profiles.get(&t).cloned()),
                reason: r.reason,
                details: r.details,
                state: r.state,
                outcome: r.outcome,
                created_at: r.created_at,
                resolved_at: r.handled_at,
            })
            .collect(),
        next_before,
    })
}

/// Settles an open report (409 `report_settled` otherwise), tells its
/// reporter, and logs it: in the group's audit log, or the site's. Someone
/// who may not handle its queue gets 404 for a site report (they cannot
/// know it exists), as for a group's when they are outside it.
pub async fn resolve(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    report: Uuid,
    resolution: Resolution,
) -> Result<Report> {
    let row: Row = reports::table
        .find(report)
        .select(Row::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("report"))?;
    let queue = match row.group_id {
        Some(group) => Queue::Group(group),
        None => Queue::Site,
    };
    match may_handle(conn, me, queue).await {
        Err(e) if queue == Queue::Site && e.code() == ErrorCode::AdminOnly => {
            return Err(Error::not_found("report"));
        }
        other => other?,
    }
    if row.state != ReportState::Open.as_str() {
        return Err(Error::new(
            ErrorCode::ReportSettled,
            "the report was settled already",
        ));
    }
    let now = Utc::now();
    let settled: Row = diesel::update(reports::table.find(report))
        .set((
            reports::state.eq(resolution.state.as_str()),
            reports::handled_by.eq(me),
            reports::handled_at.eq(now),
            reports::outcome.eq(&resolution.outcome),
        ))
        .returning(Row::as_returning())
        .get_result(conn)
        .await?;
    let details = json!({
        "report_id": report,
        "state": resolution.state.as_str(),
        "outcome": resolution.outcome,
        "reason": settled.reason,
        "message_id": settled.message_id,
    });
    match (queue, settled.conversation_id) {
        (Queue::Group(_), Some(conversation)) => {
            audit::record(
                conn,
                conversation,
                audit::Logged {
                    action: AuditAction::ReportResolved,
                    actor: me,
                    target: settled.target_user_id,
                    details: details.clone(),
                    reason: None,
                },
            )
            .await?
        }
        _ => {
            admin::record(
                conn,
                admin::Logged {
                    action: SiteAction::ReportResolved,
                    actor: Some(me),
                    target_user: settled.target_user_id,
                    target_group: None,
                    details: details.clone(),
                    reason: None,
                },
            )
            .await?
        }
    }
    if let Some(reporter) = settled.reporter_id {
        notifications::create_unnamed(
            conn,
            &[reporter],
            Kind::ReportResolved,
            json!({
                "report_id": report,
                "state": resolution.state.as_str(),
                "outcome": resolution.outcome,
            }),
        )
        .await?;
    }
    Ok(for_handlers(conn, vec![settled]).await?.remove(0))
}
