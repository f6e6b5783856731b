//! The instance at a glance, for administrators: counts from the database,
//! and who is connected from the presence index the gateways keep in Redis.

use crate::error::Result;
use crate::presence::PresenceStore;
use chrono::NaiveDate;
use diesel::sql_types::{Array, BigInt, Date};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// How many days `messages_per_day` covers.
pub const DAYS: i32 = 14;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InstanceStats {
    /// Accounts not deleted (bots included).
    pub users: i64,
    /// Of them, disabled.
    pub disabled_users: i64,
    /// Accounts made in the last 7 days.
    pub new_users_7d: i64,
    /// People seen (a live socket) in the last 24 hours.
    pub active_users_24h: i64,
    /// People with a live socket now, over every gateway.
    pub users_online: i64,
    pub groups: i64,
    /// Open reports in the site's queue.
    pub open_site_reports: i64,
    /// Messages sent each UTC day of the last 14 (today last), zero-filled.
    pub messages_per_day: Vec<DayCount>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema, diesel::QueryableByName)]
pub struct DayCount {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = BigInt)]
    pub messages: i64,
}

#[derive(diesel::QueryableByName)]
struct Counts {
    #[diesel(sql_type = BigInt)]
    users: i64,
    #[diesel(sql_type = BigInt)]
    disabled_users: i64,
    #[diesel(sql_type = BigInt)]
    new_users_7d: i64,
    #[diesel(sql_type = BigInt)]
    active_users_24h: i64,
    #[diesel(sql_type = BigInt)]
    groups: i64,
    #[diesel(sql_type = BigInt)]
    open_site_reports: i64,
}

pub async fn instance(
    conn: &mut AsyncPgConnection,
    presence: &PresenceStore,
) -> Result<InstanceStats> {
    let counts: Counts = diesel::sql_query(
        "SELECT
            (SELECT count(*) FROM users WHERE deleted_at IS NULL) AS users,
            (SELECT count(*) FROM users WHERE deleted_at IS NULL AND disabled_at IS NOT NULL) AS disabled_users,
            (SELECT count(*) FROM users WHERE deleted_at IS NULL AND created_at > now() - interval '7 days') AS new_users_7d,
            (SELECT count(*) FROM users WHERE last_seen_at > now() - interval '24 hours') AS active_users_24h,
            (SELECT count(*) FROM groups) AS groups,
            (SELECT count(*) FROM reports WHERE group_id IS NULL AND state = 'open') AS open_site_reports",
    )
    .get_result(conn)
    .await?;
    // Message ids are UUIDv7: a day of messages is a range of the primary
    // key, so each day's count reads that part of the index only.
    let today = chrono::Utc::now().date_naive();
    let days: Vec<NaiveDate> = (0..DAYS)
        .rev()
        .map(|back| today - chrono::Days::new(back as u64))
        .collect();
    let floors = |offset: u64| -> Vec<Uuid> {
        days.iter()
            .map(|d| v7_floor(*d + chrono::Days::new(offset)))
            .collect()
    };
    let messages_per_day: Vec<DayCount> = diesel::sql_query(
        "SELECT d.day, (SELECT count(*) FROM messages m
                         WHERE m.id >= d.lo AND m.id < d.hi AND m.system IS NULL) AS messages
           FROM unnest($1::date[], $2::uuid[], $3::uuid[]) AS d(day, lo, hi)
          ORDER BY d.day",
    )
    .bind::<Array<Date>, _>(&days)
    .bind::<Array<diesel::sql_types::Uuid>, _>(floors(0))
    .bind::<Array<diesel::sql_types::Uuid>, _>(floors(1))
    .load(conn)
    .await?;
    Ok(InstanceStats {
        users: counts.users,
        disabled_users: counts.disabled_users,
        new_users_7d: counts.new_users_7d,
        active_users_24h: counts.active_users_24h,
        users_online: presence.users_connected().await? as i64,
        groups: counts.groups,
        open_site_reports: counts.open_site_reports,
        messages_per_day,
    })
}

/// The smallest UUIDv7 of the UTC midnight starting `day`: its 48-bit
/// millisecond timestamp, the version and variant bits, zeros after.
fn v7_floor(day: NaiveDate) -> Uuid {
    let ms = day
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0)
        .max(0) as u64;
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    bytes[6] = 0x70;
    bytes[8] = 0x80;
    Uuid::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_days_floor_sorts_between_the_ids_of_either_side() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let floor = v7_floor(day);
        let midnight = day.and_hms_opt(0, 0, 0).unwrap().and_utc();
        let at = |t: chrono::DateTime<chrono::Utc>| {
            let ts = uuid::Timestamp::from_unix(
                uuid::NoContext,
                t.timestamp() as u64,
                t.timestamp_subsec_nanos(),
            );
            Uuid::new_v7(ts)
        };
        assert!(at(midnight - chrono::Duration::milliseconds(1)) < floor);
        assert!(at(midnight) >= floor);
        assert!(at(midnight + chrono::Duration::hours(23)) < v7_floor(day + chrono::Days::new(1)));
        assert_eq!(floor.get_version_num(), 7);
    }
}
