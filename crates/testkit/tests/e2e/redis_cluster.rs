//! The services on a Redis Cluster (three masters, each with a replica):
//! events reach every tab across gateways and resume without loss, an ended
//! login closes its sockets, and in the fault run a master and an API process
//! killed during a stream of messages lose and double nothing.

use confab_domain::events::stream::StreamLayout;
use confab_domain::messages::Message;
use confab_testkit::{ApiProcess, RedisCluster, TestApp, TestUser, WsClient, ws::Ended};
use serde_json::Value;
use std::time::Duration;
use uuid::Uuid;

/// The close code of a socket whose login ended.
const LOGIN_ENDED: u16 = 4004;

fn message_in(event: &Value) -> Message {
    serde_json::from_value(event["data"].clone())
        .unwrap_or_else(|e| panic!("not a message ({e}): {event}"))
}

async fn identified(url: &str, user: &TestUser) -> WsClient {
    let mut client = WsClient::connect(url).await;
    client.identify(&user.access_token).await;
    client
}

async fn dm_between_new_friends(app: &TestApp) -> (TestUser, TestUser, Uuid) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    (ann, bob, dm)
}

/// The next `message.created` on the socket, within `within`.
async fn next_message(client: &mut WsClient, within: Duration, what: &str) -> (Message, String) {
    let event = tokio::time::timeout(within, client.next_event_of("message.created"))
        .await
        .unwrap_or_else(|_| panic!("{what}: no message within {within:?}"));
    (message_in(&event), event["id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn on_a_cluster_messages_reach_every_tab_across_gateways_resume_and_a_logout_closes_sockets()
{
    let cluster = RedisCluster::start(3).await;
    let mut app = TestApp::spawn_with(|s| cluster.serve(s)).await;
    let (gw1, gw2) = (app.spawn_gateway().await, app.spawn_gateway().await);
    let ready = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), 200, "ready on a whole cluster");

    // Four DMs: eight people over the partitions, so over the cluster's masters.
    let mut chats = Vec::new();
    for _ in 0..4 {
        let (ann, bob, dm) = dm_between_new_friends(&app).await;
        let ann_tab = identified(&gw1, &ann).await;
        let bob_tabs = [identified(&gw1, &bob).await, identified(&gw2, &bob).await];
        chats.push((ann, bob, dm, ann_tab, bob_tabs));
    }
    for (ann, _, dm, ann_tab, bob_tabs) in &mut chats {
        let message = app.say(ann, *dm, "hello on a cluster").await;
        let [bob_gw1, bob_gw2] = bob_tabs;
        for (who, tab) in [
            ("ann's tab", ann_tab),
            ("bob on gateway 1", bob_gw1),
            ("bob on gateway 2", bob_gw2),
        ] {
            let (got, _) = next_message(tab, Duration::from_secs(10), who).await;
            assert_eq!(got, message, "{who}");
        }
    }

    // Bob's second tab drops, three messages go by, and it resumes.
    let (ann, bob, dm, _, bob_tabs) = &mut chats[0];
    let said = app.say(ann, *dm, "seen before the drop").await;
    let (_, last_id) = next_message(&mut bob_tabs[1], Duration::from_secs(10), "gw2").await;
    let (seen, _) = next_message(&mut bob_tabs[0], Duration::from_secs(10), "gw1").await;
    assert_eq!(seen, said);
    let mut missed = Vec::new();
    for i in 0..3 {
        missed.push(app.say(ann, *dm, &format!("missed {i}")).await.id);
    }
    let mut resumed = WsClient::connect(&gw2).await;
    resumed.resume(&bob.access_token, &last_id).await;
    let mut got = Vec::new();
    while got.len() < missed.len() {
        let event = resumed.next_event().await;
        assert_ne!(event["type"], "resync", "the cluster kept the stream");
        if event["type"] == "message.created" {
            got.push(message_in(&event).id);
        }
    }
    assert_eq!(got, missed, "resumed: what was missed, once, in order");

    // Logging out closes that login's sockets on both gateways, and the
    // revocation, kept in the cluster, refuses its token.
    let out = app.anonymous().logout(&bob.refresh_token).await;
    assert_eq!(out.status, 204);
    for tab in bob_tabs.iter_mut() {
        assert_eq!(
            tab.ended(Duration::from_secs(2)).await,
            Ended::Closed(Some(LOGIN_ENDED))
        );
    }
    let me = app.client(bob).me().await;
    assert_eq!(me.code(), "session_revoked");
}

/// The fault run: three gateways, two API processes sharing the relay (two
/// shards), and a 2,000-message stream over four DMs during which the master
/// holding one recipient's partition is killed (its replica takes over) and
/// then one API process is killed (its shard moves to the other). Every
/// message reaches each recipient's live tab once, in order, and a tab that
/// dropped before the faults resumes with everything it missed.
#[tokio::test]
async fn fault_run_a_master_and_an_api_process_killed_during_a_2000_message_stream() {
    let mut cluster = RedisCluster::start(3).await;
    let mut app = TestApp::spawn_with(|s| {
        cluster.serve(s);
        s.events.relay_shards = 2;
        // The live tabs read nothing while the sends go out; this story is
        // about the faults, not idle sockets.
        s.gateway.heartbeat_timeout_ms = 600_000;
    })
    .await;
    let mut other_api = Some(ApiProcess::start_leading_a_shard(&app.settings).await);
    let mut gateways = Vec::new();
    for _ in 0..3 {
        gateways.push(app.spawn_gateway().await);
    }

    // Four DMs; each recipient's live tab on another gateway.
    let mut chats = Vec::new();
    for k in 0..4 {
        let (ann, bob, dm) = dm_between_new_friends(&app).await;
        let live = identified(&gateways[k % 3], &bob).await;
        chats.push((ann, bob, dm, live, Vec::new()));
    }
    // The first recipient's second tab drops before the faults and resumes after.
    let mut away = Some(identified(&gateways[1], &chats[0].1).await);
    let layout = StreamLayout::new(
        app.settings.redis.key_prefix.clone(),
        app.settings.events.partitions,
    );
    let first_stream = layout.stream_key(layout.partition_of(chats[0].1.id));

    let total = 2000;
    let mut resume_from = String::new();
    let mut seen_before_drop = 0;
    let mut killed = 0;
    for i in 0..total {
        if i == 300 {
            let mut tab = away.take().expect("the tab");
            seen_before_drop = chats[0].4.len();
            let last = *chats[0].4.last().expect("sent in the first DM");
            loop {
                let (message, id) = next_message(&mut tab, Duration::from_secs(30), "away").await;
                if message.id == last {
                    resume_from = id;
                    break;
                }
            }
            drop(tab);
        }
        if i == 500 {
            killed = cluster.kill_master_of(&first_stream).await;
        }
        if i == 1000 {
            // SIGKILL: its relay's locks go with its connections.
            drop(other_api.take());
        }
        let (ann, _, dm, _, sent) = &mut chats[i % 4];
        sent.push(app.say(ann, *dm, &format!("n{i}")).await.id);
    }
    cluster.wait_until_whole(Duration::from_secs(30)).await;
    assert_ne!(
        cluster.master_of(&first_stream).await,
        killed,
        "a replica was promoted"
    );

    for (k, (_, _, _, live, sent)) in chats.iter_mut().enumerate() {
        let mut got = Vec::new();
        while got.len() < sent.len() {
            let what = format!("DM {k} live, after {} of {}", got.len(), sent.len());
            got.push(
                next_message(live, Duration::from_secs(30), &what)
                    .await
                    .0
                    .id,
            );
        }
        assert_eq!(
            &got, sent,
            "DM {k} live: every message exactly once, in order"
        );
        live.expect_silence(Duration::from_millis(300)).await;
    }

    let sent = &chats[0].4;
    let missed = &sent[seen_before_drop..];
    let mut away = WsClient::connect(&gateways[1]).await;
    away.resume(&chats[0].1.access_token, &resume_from).await;
    let mut resumed = Vec::new();
    while resumed.len() < missed.len() {
        let event = away.next_event().await;
        assert_ne!(
            event["type"], "resync",
            "the replayed window covers the gap"
        );
        if event["type"] == "message.created" {
            resumed.push(message_in(&event).id);
        }
    }
    assert_eq!(
        resumed, missed,
        "resumed: every missed message once, in order"
    );
}
