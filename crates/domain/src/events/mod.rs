//! Events: what other users must see happen. Each is written to the `outbox`
//! table in the same transaction as the change it describes (so a committed change
//! always has its event, and a rolled-back one never does), then published to
//! Redis streams by the [`relay`], from which gateways deliver it.

mod catalogue;
pub mod payloads;
pub mod relay;
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

/// Writes the events to the outbox with one insert, in order.
pub async fn enqueue_all(conn: &mut AsyncPgConnection, payloads: Vec<Payload>) -> Result<()> {
    let mut rows = Vec::with_capacity(payloads.len());
    for payload in payloads {
        let recipients = recipients(conn, payload.audience()).await?;
        rows.push((
            outbox::event_type.eq(payload.kind().as_str()),
            outbox::recipients.eq(recipients),
            outbox::payload.eq(payload.data()),
        ));
    }
    // Postgres takes at most 65,535 parameters a statement: 3 per row.
    for chunk in rows.chunks(10_000) {
        diesel::insert_into(outbox::table)
            .values(chunk)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The people an audience means now, each once, sorted.
async fn recipients(conn: &mut AsyncPgConnection, audience: Audience) -> Result<Vec<Uuid>> {
    let mut people = match audience {
        Audience::Conversation(conversation) => access::member_ids(conn, conversation).await?,
        Audience::Group { group, also } => {
            let mut people = access::group_member_ids(conn, group).await?;
            people.extend(also);
            people
        }
        Audience::People(people) => people,
        Audience::FriendsOf(user) => {
            let mut people = access::friend_ids(conn, user).await?;
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
    Ok(people)
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
