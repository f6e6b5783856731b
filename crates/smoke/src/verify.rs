//! `verify`: what `check` or `seed` made is still there (after an upgrade, a
//! reboot, a restore), and the deployment still delivers live.

use anyhow::{Result, ensure};
use sha2::{Digest, Sha256};
use std::path::Path;

use crate::api::Api;
use crate::check::live_delivery;
use crate::report::Report;
use crate::state::State;

pub async fn run(api: &Api, state_path: &Path, report: &mut Report) {
    let mut state = match State::load(state_path) {
        Ok(state) => state,
        Err(e) => {
            println!("FAIL read the state file: {e:#}");
            return;
        }
    };
    let logged_in = report
        .check("log in as the kept users", async {
            for user in &mut state.users {
                api.login(user).await?;
            }
            Ok(((), String::new()))
        })
        .await;
    if logged_in.is_none() {
        return;
    }
    let [a, b] = &state.users;
    report
        .check(
            "the kept messages are all there",
            messages_kept(api, &state),
        )
        .await;
    report
        .check("the kept media bytes are intact", async {
            for media in &state.media {
                let (status, bytes) = api.media(b, &media.url, None).await?;
                ensure!(status == 200, "{} answered {status}", media.url);
                ensure!(
                    hex::encode(Sha256::digest(&bytes)) == media.sha256,
                    "{} holds other bytes",
                    media.url
                );
            }
            Ok(((), format!("{} files", state.media.len())))
        })
        .await;
    report
        .check(
            "a new message delivered live",
            live_delivery(api, a, b, &state.conversation, "still delivering"),
        )
        .await;
}

async fn messages_kept(api: &Api, state: &State) -> Result<((), String)> {
    let history = api.history(&state.users[0], &state.conversation).await?;
    for kept in &state.messages {
        let found = history.iter().find(|m| m["id"] == kept.id.as_str());
        ensure!(found.is_some(), "message {} is gone", kept.id);
        if let Some(body) = &kept.body {
            ensure!(
                found.is_some_and(|m| m["body"] == body.as_str()),
                "message {} changed",
                kept.id
            );
        }
    }
    for media in &state.media {
        let message = history
            .iter()
            .find(|m| m["id"] == media.message_id.as_str());
        let attached = message
            .and_then(|m| m["attachments"].as_array())
            .is_some_and(|list| list.iter().any(|a| a["id"] == media.id.as_str()));
        ensure!(
            attached,
            "message {} lost its attachment {}",
            media.message_id,
            media.id
        );
    }
    Ok(((), format!("{} of {}", state.messages.len(), history.len())))
}
