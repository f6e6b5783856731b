//! Every group action reaches every member live and lands in history: one
//! function writes both, in the transaction of the change.

use super::row::GroupRow;
use crate::access::member_ids;
use crate::error::Result;
use crate::events::{self, Event, EventType};
use crate::messages::{SystemNote, post_system};
use diesel_async::AsyncPgConnection;
use serde::Serialize;
use uuid::Uuid;

/// Writes the system message and the event: both to the group's members as they
/// are now, plus `also_to` (someone who just left still hears that they did).
pub(super) async fn announce(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    kind: EventType,
    data: impl Serialize,
    note: SystemNote,
    also_to: &[Uuid],
) -> Result<()> {
    let members = member_ids(conn, group.conversation_id).await?;
    let mut recipients = members.clone();
    recipients.extend_from_slice(also_to);
    events::enqueue(conn, &Event::new(kind, recipients, data)).await?;
    post_system(conn, group.conversation_id, note, members).await
}
