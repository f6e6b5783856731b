//! `/api/v1/reports`: reporting a message or a user, one's own reports, and
//! settling a report (group moderators, site administrators).

pub mod file;
pub mod mine;
pub mod resolve;

use confab_domain::error::ErrorCode;
use confab_domain::reports::ReportState;
use confab_domain::{Error, Result};

/// The `state` query parameter of the queues.
pub fn state_filter(state: Option<&str>) -> Result<Option<ReportState>> {
    state
        .map(|name| {
            ReportState::parse(name).ok_or_else(|| {
                Error::new(ErrorCode::InvalidQuery, format!("unknown state '{name}'"))
            })
        })
        .transpose()
}
