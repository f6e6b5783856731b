//! Events: what other users must see happen. Each is written to the `outbox`
//! table in the same transaction as the change it describes (so a committed change
//! always has its event, and a rolled-back one never does), then published to
//! Redis streams by the [`relay`], from which gateways deliver it.

mod catalogue;
pub mod payloads;
pub mod relay;
pub mod socket;
pub mod stream;

use crate::access;
use crate::error::Result;
use crate::schema::outbox;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

pub use catalogue::{Audience, EventType, Payload};

/// Writes the event to the outbox, addressed by its kind's rule. Call it inside
/// the transaction of the change.
pub async fn enqueue(conn: &mut AsyncPgConnection, payload: Payload) -> Result<()> {
    enqueue_all(conn, vec![payload]).await
}

/// Writes the events to the outbox with one insert, in order. Their audiences
/// are resolved together: one query per kind of audience, however many events.
pub async fn enqueue_all(conn: &mut AsyncPgConnection, payloads: Vec<Payload>) -> Result<()> {
    let audiences: Vec<Audience> = payloads.iter().map(Payload::audience).collect();
    let recipients = resolve(conn, audiences).await?;
    let rows: Vec<_> = payloads
        .iter()
        .zip(recipients)
        .map(|(payload, recipients)| {
            (
                outbox::event_type.eq(payload.kind().as_str()),
                outbox::recipients.eq(recipients),
                outbox::payload.eq(payload.data()),
            )
        })
        .collect();
    // Postgres takes at most 65,535 parameters a statement: 3 per row.
    for chunk in rows.chunks(10_000) {
        diesel::insert_into(outbox::table)
            .values(chunk)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The people each audience means now, each once, sorted.
async fn resolve(conn: &mut AsyncPgConnection, audiences: Vec<Audience>) -> Result<Vec<Vec<Uuid>>> {
    let wanted = |pick: fn(&Audience) -> Option<Uuid>| -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = audiences.iter().filter_map(pick).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let conversations = wanted(|a| match a {
        Audience::Conversation(c) => Some(*c),
        _ => None,
    });
    let groups = wanted(|a| match a {
        Audience::Group { group, .. } => Some(*group),
        _ => None,
    });
    let befriended = wanted(|a| match a {
        Audience::FriendsOf(u) => Some(*u),
        _ => None,
    });
    let members = access::members_of_conversations(conn, &conversations).await?;
    let group_members = access::members_of_groups(conn, &groups).await?;
    let friends = access::friends_of(conn, &befriended).await?;
    let mut resolved = Vec::with_capacity(audiences.len());
    for audience in audiences {
        let mut people = match audience {
            Audience::Conversation(c) => members.get(&c).cloned().unwrap_or_default(),
            Audience::Group { group, also } => {
                let mut people = group_members.get(&group).cloned().unwrap_or_default();
                people.extend(also);
                people
            }
            Audience::People(people) => people,
            Audience::FriendsOf(user) => {
                let mut people = friends.get(&user).cloned().unwrap_or_default();
                people.push(user);
                people
            }
            Audience::MediaViewers { media, uploader } => {
                let mut people = access::media_viewers(conn, media).await?;
                people.push(uploader);
                people
            }
        };
        people.sort_unstable();
        people.dedup();
        resolved.push(people);
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::EventType;
    use std::collections::BTreeSet;

    const PROTOCOL: &str = include_str!("../../../../docs/protocol.md");

    /// The types named in the first cell of each row of the protocol doc's table
    /// of events (the one headed `| type | to | data |`).
    fn documented() -> BTreeSet<&'static str> {
        let mut lines = PROTOCOL
            .lines()
            .skip_while(|line| !line.starts_with("| type | to | data |"))
            .skip(2);
        let mut types = BTreeSet::new();
        for line in lines.by_ref().take_while(|line| line.starts_with('|')) {
            let first_cell = line.split('|').nth(1).unwrap_or_default();
            types.extend(first_cell.split('`').skip(1).step_by(2));
        }
        types
    }

    #[test]
    fn the_protocol_doc_lists_every_event_type_and_no_other() {
        let catalogue: BTreeSet<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            documented(),
            catalogue,
            "docs/protocol.md's table of events (left) against EventType (right)"
        );
    }
}
