//! The WebSocket contract: the frames clients send and the gateway's own
//! frames are `confab_domain::events::socket` (so the API's document shows
//! them); here, the event frames, written around stored JSON (stored,
//! ephemeral and `resync`). `docs/protocol.md` is the prose version.

use crate::queue::Frame;
use serde::Serialize;

pub use confab_domain::events::socket::{ClientOp, ClientStatus, ReadyUser, ServerFrame, close};

// Event frames are written around `data` that is already JSON (as the relay
// stored it), so a stream entry is encoded once for every socket, never parsed.
// `kind` is a name from the event catalogue (`EventType`), which needs no escaping.

/// The `op: event` frame of a stored event: resumable, so it carries its `id`.
pub fn event_frame(seq: i64, kind: &str, data: &str) -> Frame {
    Frame::new(
        seq,
        format!(r#"{{"op":"event","id":"{seq}-0","type":"{kind}","data":{data}}}"#),
    )
}

/// The frame of an event that is not resumable (typing): no `id`.
pub fn ephemeral_frame(kind: &str, data: &str) -> Frame {
    Frame::new(
        0,
        format!(r#"{{"op":"event","type":"{kind}","data":{data}}}"#),
    )
}

/// Tells the client that the events since its last id are gone: reload over REST.
pub fn resync_frame() -> Frame {
    #[derive(Serialize)]
    struct Resync {
        reason: &'static str,
    }
    let data = serde_json::to_string(&Resync {
        reason: "events since your last id are no longer available; reload",
    })
    .expect("resync serialises");
    ephemeral_frame("resync", &data)
}
