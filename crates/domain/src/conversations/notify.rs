//! Each member's notification level and mute for a conversation. The level
//! decides which mentions notify (`nothing` silences `@everyone` too) and, for
//! pushes and sounds, which messages count; a mute silences pushes and sounds
//! for a while or until turned off. Unread counts are never affected. Every
//! change is a `conversation.notifications_updated` to the member's own sockets.

use crate::error::{Error, ErrorCode, Result};
use crate::events::{self, Payload};
pub use crate::models::{ConversationNotifications, NotifyLevel};
use crate::schema::conversation_members;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// How far ahead a timed mute may end.
const LONGEST_MUTE_DAYS: i64 = 366;

/// A mute as asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mute {
    Off,
    Until(DateTime<Utc>),
    UntilTurnedOff,
}

impl Mute {
    /// From the request's `muted` and `muted_until`: an end must be ahead (at
    /// most a year) and only comes with `muted`.
    pub fn parse(muted: bool, until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<Self> {
        match (muted, until) {
            (false, None) => Ok(Self::Off),
            (true, None) => Ok(Self::UntilTurnedOff),
            (true, Some(end)) if end > now && end <= now + Duration::days(LONGEST_MUTE_DAYS) => {
                Ok(Self::Until(end))
            }
            (true, Some(_)) => Err(Error::new(
                ErrorCode::InvalidMute,
                "a mute must end in the future, within a year",
            )),
            (false, Some(_)) => Err(Error::new(
                ErrorCode::InvalidMute,
                "an end was given for a conversation that is not muted",
            )),
        }
    }
}

/// Settings as stored, read as of `now` (a timed mute that has ended is off).
pub(crate) fn view(
    user: Uuid,
    conversation: Uuid,
    level: &str,
    muted: bool,
    until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ConversationNotifications {
    let muted = muted && until.is_none_or(|end| end > now);
    ConversationNotifications {
        user_id: user,
        conversation_id: conversation,
        level: NotifyLevel::parse(level),
        muted,
        muted_until: if muted { until } else { None },
    }
}

/// Sets `me`'s level and mute for the conversation. Call inside a transaction.
pub async fn set(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    conversation: Uuid,
    level: NotifyLevel,
    mute: Mute,
) -> Result<ConversationNotifications> {
    let (muted, until) = match mute {
        Mute::Off => (false, None),
        Mute::Until(end) => (true, Some(end)),
        Mute::UntilTurnedOff => (true, None),
    };
    let updated = diesel::update(
        conversation_members::table
            .filter(conversation_members::conversation_id.eq(conversation))
            .filter(conversation_members::user_id.eq(me)),
    )
    .set((
        conversation_members::notify_level.eq(level.as_str()),
        conversation_members::muted.eq(muted),
        conversation_members::muted_until.eq(until),
    ))
    .execute(conn)
    .await?;
    if updated == 0 {
        return Err(Error::not_found("conversation"));
    }
    let settings = view(me, conversation, level.as_str(), muted, until, Utc::now());
    events::enqueue(
        conn,
        Payload::ConversationNotificationsUpdated(settings.clone()),
    )
    .await?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mute_ends_ahead_within_a_year_and_only_when_muted() {
        let now = Utc::now();
        assert_eq!(Mute::parse(false, None, now).unwrap(), Mute::Off);
        assert_eq!(Mute::parse(true, None, now).unwrap(), Mute::UntilTurnedOff);
        let hour = now + Duration::hours(1);
        assert_eq!(
            Mute::parse(true, Some(hour), now).unwrap(),
            Mute::Until(hour)
        );
        for bad in [
            (true, Some(now - Duration::seconds(1))),
            (true, Some(now + Duration::days(400))),
            (false, Some(hour)),
        ] {
            assert_eq!(
                Mute::parse(bad.0, bad.1, now).unwrap_err().code(),
                "invalid_mute"
            );
        }
    }

    #[test]
    fn a_timed_mute_that_has_ended_reads_as_off() {
        let (me, c, now) = (Uuid::nil(), Uuid::nil(), Utc::now());
        let ended = view(
            me,
            c,
            "mentions",
            true,
            Some(now - Duration::minutes(1)),
            now,
        );
        assert_eq!(
            (ended.level, ended.muted, ended.muted_until),
            (NotifyLevel::Mentions, false, None)
        );
        let forever = view(me, c, "all", true, None, now);
        assert!(forever.muted && forever.muted_until.is_none());
    }
}
