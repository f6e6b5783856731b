//! What a run made, kept in a JSON file for a later `verify` or `stream`
//! (across an upgrade, a reboot, a restore onto another machine).

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::api::Login;

#[derive(Serialize, Deserialize)]
pub struct State {
    pub users: [Login; 2],
    pub conversation: String,
    pub messages: Vec<KeptMessage>,
    pub media: Vec<KeptMedia>,
}

#[derive(Serialize, Deserialize)]
pub struct KeptMessage {
    pub id: String,
    pub body: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct KeptMedia {
    pub id: String,
    pub url: String,
    pub sha256: String,
    pub message_id: String,
}

impl State {
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not a state file", path.display()))
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, serde_json::to_string_pretty(self)?)
            .with_context(|| format!("{}", path.display()))
    }
}
