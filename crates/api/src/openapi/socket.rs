//! The WebSocket's part of the document (`/ws` is not a REST operation, so
//! its frames are components): `ClientOp` (what clients send), `ServerFrame`
//! (the gateway's own frames), `EventFrame` (every event of the catalogue,
//! `Payload`, as the socket carries it) and `GatewayCloseCode`.

use confab_domain::events::socket::close;
use serde_json::{Value, json};

/// The components `complete` adds to the collected ones.
pub fn components() -> Vec<(&'static str, Value)> {
    let mut closes = String::from("The close codes of the gateway:\n");
    for (code, meaning) in close::ALL {
        closes.push_str(&format!("\n- `{code}`: {meaning}"));
    }
    vec![
        (
            "EventFrame",
            json!({
                "description": "`op: event`: an event of the catalogue (`Payload`: its `type` and `data`). Stored events carry `id`, the position to resume after (`identify.resume_after`); ephemeral ones (typing, `resync`) do not.",
                "allOf": [
                    {"$ref": "#/components/schemas/Payload"},
                    {
                        "type": "object",
                        "required": ["op"],
                        "properties": {
                            "op": {"type": "string", "enum": ["event"]},
                            "id": {"type": "string", "description": "The stream position, `<seq>-0`."},
                        },
                    },
                ],
            }),
        ),
        (
            "GatewayCloseCode",
            json!({
                "type": "integer",
                "enum": close::ALL.iter().map(|(code, _)| code).collect::<Vec<_>>(),
                "description": closes,
            }),
        ),
    ]
}
