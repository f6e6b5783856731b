//! `stream`: one user sends at a fixed rate while the other listens, resuming
//! after every close (a gateway restarting says 1012). Every message must
//! arrive once, in order; restarts in between are the point.

use anyhow::{Result, bail};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::api::{Api, Login};
use crate::check::id_of;
use crate::report::Report;
use crate::socket::{Closed, Socket, message_created};
use crate::state::State;

/// How long one send may keep failing (an API process restarting) before the
/// run gives up on it.
const SEND_PATIENCE: Duration = Duration::from_secs(60);
/// How long the last messages may take to arrive after the last send.
const STRAGGLERS: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Heard {
    /// Message id → how many times it arrived.
    times: HashMap<String, u32>,
    /// Message ids in the order they arrived.
    order: Vec<String>,
    resumes: u32,
    resyncs: u32,
    closes: Vec<String>,
}

pub async fn run(api: &Api, state_path: &Path, seconds: u64, rate: u32, report: &mut Report) {
    let mut state = match State::load(state_path) {
        Ok(state) => state,
        Err(e) => {
            println!("FAIL read the state file: {e:#}");
            return;
        }
    };
    report
        .check(
            "messages streamed across restarts: none lost, none twice",
            async {
                for user in &mut state.users {
                    api.login(user).await?;
                }
                stream(api, &state.users, &state.conversation, seconds, rate).await
            },
        )
        .await;
}

async fn stream(
    api: &Api,
    users: &[Login; 2],
    dm: &str,
    seconds: u64,
    rate: u32,
) -> Result<((), String)> {
    let [sender, listener] = users;
    let heard = Arc::new(Mutex::new(Heard::default()));
    let stop = Arc::new(tokio::sync::Notify::new());
    let socket = Socket::open(api, &listener.token, None).await?;
    let listening = {
        let (heard, stop, dm, token) = (
            heard.clone(),
            stop.clone(),
            dm.to_owned(),
            listener.token.clone(),
        );
        let api = api.clone();
        tokio::spawn(async move { listen(&api, socket, &token, &dm, &heard, &stop).await })
    };

    let mut sent = Vec::new();
    let total = seconds * u64::from(rate);
    let every = Duration::from_secs_f64(1.0 / f64::from(rate.max(1)));
    let mut tick = tokio::time::interval(every);
    // Why sends were retried (an API restarting, a rate limit), and how often.
    let mut retried: std::collections::BTreeMap<String, u32> = Default::default();
    for n in 1..=total {
        tick.tick().await;
        let nonce = uuid::Uuid::new_v4().to_string();
        let body = format!("stream {n}");
        let started = Instant::now();
        let message = loop {
            match api.send(sender, dm, Some(&body), &[], &nonce).await {
                Ok(message) => break message,
                Err(e) if started.elapsed() < SEND_PATIENCE => {
                    let why = format!("{e:#}");
                    let why = why.split(": {").next().unwrap_or_default().to_owned();
                    *retried.entry(why).or_default() += 1;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => {
                    return Err(e.context(format!(
                        "message {n} could not be sent for {SEND_PATIENCE:?}"
                    )));
                }
            }
        };
        sent.push(id_of(&message)?);
    }

    let deadline = Instant::now() + STRAGGLERS;
    while Instant::now() < deadline && !heard_all(&heard, &sent) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.notify_one();
    let _ = tokio::time::timeout(Duration::from_secs(5), listening).await;

    let heard = heard.lock().expect("not poisoned");
    let missing = sent
        .iter()
        .filter(|id| !heard.times.contains_key(*id))
        .count();
    let duplicates: u32 = heard.times.values().map(|n| n - 1).sum();
    let in_order = heard
        .order
        .iter()
        .filter(|id| sent.contains(id))
        .eq(sent.iter().filter(|id| heard.times.contains_key(*id)));
    let figure = format!(
        "sent {}, received {}, missing {missing}, duplicates {duplicates}, resumes {}, closes [{}], sends retried {:?}",
        sent.len(),
        heard.times.len(),
        heard.resumes,
        heard.closes.join(", "),
        retried
    );
    if missing > 0 || duplicates > 0 || heard.resyncs > 0 || !in_order {
        bail!("{figure}; resyncs {}; in order: {in_order}", heard.resyncs);
    }
    Ok(((), figure))
}

fn heard_all(heard: &Mutex<Heard>, sent: &[String]) -> bool {
    let heard = heard.lock().expect("not poisoned");
    sent.iter().all(|id| heard.times.contains_key(id))
}

/// Reads `dm`'s messages until told to stop; after a close, reconnects and
/// resumes after the last event seen.
async fn listen(
    api: &Api,
    mut socket: Socket,
    token: &str,
    dm: &str,
    heard: &Mutex<Heard>,
    stop: &tokio::sync::Notify,
) {
    let mut last_event: Option<String> = None;
    loop {
        let frame = tokio::select! {
            _ = stop.notified() => return,
            frame = socket.next_frame(Duration::from_secs(1)) => frame,
        };
        match frame {
            Ok(None) => {}
            Ok(Some(frame)) => {
                if let Some(id) = frame["id"].as_str() {
                    last_event = Some(id.to_owned());
                }
                let mut heard = heard.lock().expect("not poisoned");
                if frame["type"] == "resync" {
                    heard.resyncs += 1;
                }
                if let Some(message) = message_created(&frame, dm)
                    && let Some(id) = message["id"].as_str()
                {
                    *heard.times.entry(id.to_owned()).or_default() += 1;
                    heard.order.push(id.to_owned());
                }
            }
            Err(e) => {
                let why = e
                    .downcast_ref::<Closed>()
                    .map_or_else(|| format!("{e:#}"), ToString::to_string);
                heard.lock().expect("not poisoned").closes.push(why);
                socket = loop {
                    tokio::select! {
                        _ = stop.notified() => return,
                        _ = tokio::time::sleep(Duration::from_millis(250)) => {}
                    }
                    if let Ok(socket) = Socket::open(api, token, last_event.as_deref()).await {
                        break socket;
                    }
                };
                heard.lock().expect("not poisoned").resumes += 1;
            }
        }
    }
}
