//! Do not disturb: no pushes (and, in the web app, no sounds) until a time,
//! and every day during quiet hours in the user's own time zone (so "22:00 to
//! 07:00" stays right across daylight-saving changes). Notifications are still
//! kept and unread still counts.

use crate::error::{Error, ErrorCode, Result};
use crate::schema::users;
use chrono::{DateTime, NaiveTime, Timelike, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Quiet hours every day, `start` to `end` (wrapping past midnight when
/// `end` is earlier), in `time_zone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QuietHours {
    /// `HH:MM`, 24-hour.
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "22:00")]
    pub start: String,
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "07:00")]
    pub end: String,
    /// An IANA time zone, e.g. `Europe/Berlin`.
    #[schema(example = "Europe/Berlin", max_length = 64)]
    pub time_zone: String,
}

/// The user's do-not-disturb settings, as `GET /users/me` shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DoNotDisturb {
    /// Silenced until then (null: not silenced by time).
    pub until: Option<DateTime<Utc>>,
    pub quiet_hours: Option<QuietHours>,
}

/// Quiet hours as stored: minutes of the day and a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parsed {
    start: i16,
    end: i16,
    zone: chrono_tz::Tz,
}

fn minute_of(text: &str) -> Option<i16> {
    let time = NaiveTime::parse_from_str(text, "%H:%M").ok()?;
    Some((time.hour() * 60 + time.minute()) as i16)
}

fn text_of(minute: i16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

impl QuietHours {
    fn parse(&self) -> Result<Parsed> {
        let invalid = |what: &str| Error::new(ErrorCode::InvalidQuietHours, what.to_owned());
        let start = minute_of(&self.start).ok_or_else(|| invalid("start must be HH:MM"))?;
        let end = minute_of(&self.end).ok_or_else(|| invalid("end must be HH:MM"))?;
        if start == end {
            return Err(invalid("quiet hours must not start when they end"));
        }
        let zone = self
            .time_zone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| invalid("time_zone must be an IANA time zone such as Europe/Berlin"))?;
        Ok(Parsed { start, end, zone })
    }
}

impl Parsed {
    fn covers(&self, now: DateTime<Utc>) -> bool {
        let local = now.with_timezone(&self.zone);
        let minute = (local.hour() * 60 + local.minute()) as i16;
        if self.start < self.end {
            (self.start..self.end).contains(&minute)
        } else {
            minute >= self.start || minute < self.end
        }
    }
}

/// As stored: until, quiet hours' start and end minutes, time zone.
pub(crate) type Row = (
    Option<DateTime<Utc>>,
    Option<i16>,
    Option<i16>,
    Option<String>,
);

pub(crate) fn from_row((until, start, end, zone): Row) -> DoNotDisturb {
    DoNotDisturb {
        until,
        quiet_hours: match (start, end, zone) {
            (Some(start), Some(end), Some(time_zone)) => Some(QuietHours {
                start: text_of(start),
                end: text_of(end),
                time_zone,
            }),
            _ => None,
        },
    }
}

impl DoNotDisturb {
    /// Whether the user is not to be disturbed at `now`.
    pub fn active(&self, now: DateTime<Utc>) -> bool {
        self.until.is_some_and(|until| until > now)
            || self
                .quiet_hours
                .as_ref()
                .and_then(|q| q.parse().ok())
                .is_some_and(|q| q.covers(now))
    }
}

/// The user's settings.
pub async fn of(conn: &mut AsyncPgConnection, user: Uuid) -> Result<DoNotDisturb> {
    let row: Option<Row> = users::table
        .find(user)
        .select((
            users::dnd_until,
            users::dnd_start_minute,
            users::dnd_end_minute,
            users::dnd_time_zone,
        ))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(from_row).unwrap_or_default())
}

impl DoNotDisturb {
    /// The columns to store, once the quiet hours are checked.
    pub(crate) fn columns(&self) -> Result<Row> {
        let hours = self
            .quiet_hours
            .as_ref()
            .map(QuietHours::parse)
            .transpose()?;
        Ok((
            self.until,
            hours.map(|h| h.start),
            hours.map(|h| h.end),
            hours.map(|h| h.zone.name().to_owned()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn hours(start: &str, end: &str, zone: &str) -> DoNotDisturb {
        DoNotDisturb {
            until: None,
            quiet_hours: Some(QuietHours {
                start: start.into(),
                end: end.into(),
                time_zone: zone.into(),
            }),
        }
    }

    #[test]
    fn quiet_hours_wrap_past_midnight_in_the_users_zone() {
        let night = hours("22:00", "07:00", "Europe/Berlin");
        // 21:30 UTC in January is 22:30 in Berlin; 06:30 UTC is 07:30.
        assert!(night.active(Utc.with_ymd_and_hms(2026, 1, 10, 21, 30, 0).unwrap()));
        assert!(night.active(Utc.with_ymd_and_hms(2026, 1, 10, 5, 59, 0).unwrap()));
        assert!(!night.active(Utc.with_ymd_and_hms(2026, 1, 10, 6, 30, 0).unwrap()));
        assert!(!night.active(Utc.with_ymd_and_hms(2026, 1, 10, 12, 0, 0).unwrap()));
        // In July Berlin is UTC+2: 20:30 UTC is already 22:30 there.
        assert!(night.active(Utc.with_ymd_and_hms(2026, 7, 10, 20, 30, 0).unwrap()));
        let lunch = hours("12:00", "13:00", "UTC");
        assert!(lunch.active(Utc.with_ymd_and_hms(2026, 7, 10, 12, 59, 0).unwrap()));
        assert!(!lunch.active(Utc.with_ymd_and_hms(2026, 7, 10, 13, 0, 0).unwrap()));
    }

    #[test]
    fn until_silences_until_then() {
        let now = Utc::now();
        let later = DoNotDisturb {
            until: Some(now + chrono::Duration::hours(1)),
            quiet_hours: None,
        };
        assert!(later.active(now));
        assert!(!later.active(now + chrono::Duration::hours(2)));
        assert!(!DoNotDisturb::default().active(now));
    }

    #[test]
    fn malformed_quiet_hours_are_refused() {
        for (start, end, zone) in [
            ("25:00", "07:00", "UTC"),
            ("22:00", "7", "UTC"),
            ("22:00", "22:00", "UTC"),
            ("22:00", "07:00", "Mars/Olympus"),
        ] {
            let wanted = hours(start, end, zone);
            let err = wanted.quiet_hours.unwrap().parse().unwrap_err();
            assert_eq!(err.code(), "invalid_quiet_hours");
        }
    }
}
