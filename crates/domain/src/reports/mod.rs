//! Reports: a person reports a message or a user, with a reason from a list
//! and a few words. A message in a group goes to that group's queue (members
//! whose role has `manage_reports`, and the owner); a message in a DM, and a
//! user, go to the site's queue (site administrators). A handler settles a
//! report as actioned or dismissed, with what was done; the reporter is told
//! that, and never learns who else reported or who handled it.

mod file;
mod queue;

pub use file::file;
pub use queue::{mine, queue, resolve};

use crate::error::{Error, ErrorCode, Result};
use crate::users::PublicUser;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

crate::wire_names! {
    /// Why something is reported.
    pub enum ReportReason ("Why it is reported.") {
        Spam => "spam",
        Harassment => "harassment",
        Hate => "hate",
        Violence => "violence",
        Sexual => "sexual",
        SelfHarm => "self_harm",
        Impersonation => "impersonation",
        Illegal => "illegal",
        Other => "other",
    }
}

crate::wire_names! {
    /// Where a report stands.
    pub enum ReportState ("Open, or settled: actioned or dismissed.") {
        Open => "open",
        Actioned => "actioned",
        Dismissed => "dismissed",
    }
}

/// Free text of a report or of its outcome: up to 1000 characters, lines
/// allowed, no other control characters.
fn free_text(input: &str, what: &str, code: ErrorCode) -> Result<String> {
    let text = input.trim();
    if text.chars().count() > 1000 || text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::new(
            code,
            format!("{what} is at most 1000 characters, without control characters"),
        ));
    }
    Ok(text.to_owned())
}

fn invalid_report(message: impl Into<std::borrow::Cow<'static, str>>) -> Error {
    Error::new(ErrorCode::InvalidReport, message)
}

/// What is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Message(Uuid),
    User(Uuid),
}

/// A report as its reporter wrote it, parsed.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub subject: Subject,
    pub reason: ReportReason,
    pub details: String,
}

impl NewReport {
    pub fn parse(
        message_id: Option<Uuid>,
        user_id: Option<Uuid>,
        reason: &str,
        details: Option<&str>,
    ) -> Result<Self> {
        let subject = match (message_id, user_id) {
            (Some(message), None) => Subject::Message(message),
            (None, Some(user)) => Subject::User(user),
            _ => return Err(invalid_report("name a message_id or a user_id, not both")),
        };
        Ok(Self {
            subject,
            reason: ReportReason::parse(reason)
                .ok_or_else(|| invalid_report(format!("unknown reason '{reason}'")))?,
            details: free_text(details.unwrap_or(""), "details", ErrorCode::InvalidReport)?,
        })
    }
}

/// How a handler settles a report.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub state: ReportState,
    pub outcome: String,
}

impl Resolution {
    pub fn parse(state: &str, outcome: Option<&str>) -> Result<Self> {
        let state = ReportState::parse(state)
            .filter(|s| *s != ReportState::Open)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidResolution,
                    "settle a report as 'actioned' or 'dismissed'",
                )
            })?;
        Ok(Self {
            state,
            outcome: free_text(
                outcome.unwrap_or(""),
                "the outcome",
                ErrorCode::InvalidResolution,
            )?,
        })
    }
}

/// A report as its reporter sees it: what they reported and how it ended,
/// never who handled it or who else reported.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyReport {
    pub id: Uuid,
    /// The message reported (null for a report of a user).
    pub message_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    /// The user reported, or the message's author.
    pub target: Option<PublicUser>,
    #[schema(schema_with = ReportReason::schema)]
    pub reason: String,
    pub details: String,
    #[schema(schema_with = ReportState::schema)]
    pub state: String,
    /// What was done, as the handler wrote it (null while open).
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A report as its handlers see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Report {
    pub id: Uuid,
    /// The group whose queue holds it; null: the site's queue.
    pub group_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    pub message_id: Option<Uuid>,
    /// What the message said when it was reported (it may since have been
    /// edited or deleted).
    pub message_text: Option<String>,
    /// The user reported, or the message's author.
    pub target: Option<PublicUser>,
    /// Who reported it (null once their account is gone).
    pub reporter: Option<PublicUser>,
    #[schema(schema_with = ReportReason::schema)]
    pub reason: String,
    pub details: String,
    #[schema(schema_with = ReportState::schema)]
    pub state: String,
    pub handled_by: Option<PublicUser>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportPage {
    /// Newest first.
    pub items: Vec<Report>,
    /// Pass as `before` for older reports; null on the last page.
    pub next_before: Option<Uuid>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MyReportPage {
    /// Newest first.
    pub items: Vec<MyReport>,
    /// Pass as `before` for older reports; null on the last page.
    pub next_before: Option<Uuid>,
}

/// Whose queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    Group(Uuid),
    Site,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_names_one_subject_and_a_known_reason() {
        let id = Uuid::now_v7();
        let report = NewReport::parse(Some(id), None, "spam", Some("  buy now \n")).unwrap();
        assert_eq!(report.subject, Subject::Message(id));
        assert_eq!(report.details, "buy now");
        assert_eq!(
            NewReport::parse(None, Some(id), "self_harm", None)
                .unwrap()
                .subject,
            Subject::User(id)
        );
        for (message, user, reason, details) in [
            (None, None, "spam", None),
            (Some(id), Some(id), "spam", None),
            (Some(id), None, "boring", None),
            (Some(id), None, "Spam", None),
            (Some(id), None, "spam", Some("a\u{7}b")),
        ] {
            assert_eq!(
                NewReport::parse(message, user, reason, details)
                    .unwrap_err()
                    .code(),
                "invalid_report"
            );
        }
        let long = "x".repeat(1001);
        assert!(NewReport::parse(Some(id), None, "other", Some(&long)).is_err());
        assert!(NewReport::parse(Some(id), None, "other", Some(&"ü".repeat(1000))).is_ok());
    }

    #[test]
    fn a_report_is_settled_as_actioned_or_dismissed() {
        assert_eq!(
            Resolution::parse("actioned", Some("banned them"))
                .unwrap()
                .state,
            ReportState::Actioned
        );
        assert_eq!(Resolution::parse("dismissed", None).unwrap().outcome, "");
        for state in ["open", "closed", ""] {
            assert_eq!(
                Resolution::parse(state, None).unwrap_err().code(),
                "invalid_resolution"
            );
        }
    }
}
