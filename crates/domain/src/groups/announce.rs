//! Every group action reaches every member live and lands in history: one
//! function writes both, in the transaction of the change.

use super::row::GroupRow;
use crate::error::Result;
use crate::events::{self, Payload};
use crate::messages::{SystemNote, post_system};
use diesel_async::AsyncPgConnection;

/// Writes the event and the system message, both to the group's members as they
/// are now (the event's audience may add someone who just left).
pub(super) async fn announce(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    event: Payload,
    note: SystemNote,
) -> Result<()> {
    events::enqueue(conn, event).await?;
    post_system(conn, group.conversation_id, note).await
}
