//! The services on a Redis Cluster (three masters, each with a replica):
//! events reach every tab across gateways and resume without loss, an ended
//! login closes its sockets, and a master killed during a stream of messages
//! is failed over with every message delivered once, in order.

use confab_domain::events::stream::StreamLayout;
use confab_domain::messages::Message;
use confab_testkit::{RedisCluster, TestApp, TestUser, WsClient, ws::Ended};
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

#[tokio::test]
async fn a_master_killed_during_a_stream_of_messages_fails_over_and_each_arrives_once_in_order() {
    let mut cluster = RedisCluster::start(3).await;
    let mut app = TestApp::spawn_with(|s| {
        cluster.serve(s);
        // The live tab reads nothing while the sends go out; this story is
        // about Redis, not idle sockets.
        s.gateway.heartbeat_timeout_ms = 600_000;
    })
    .await;
    let gw = app.spawn_gateway().await;
    let (ann, bob, dm) = dm_between_new_friends(&app).await;
    let mut live = identified(&gw, &bob).await;
    // A second tab that drops before the failover and resumes after it.
    let mut away = Some(identified(&gw, &bob).await);
    let layout = StreamLayout::new(
        app.settings.redis.key_prefix.clone(),
        app.settings.events.partitions,
    );
    let bobs_stream = layout.stream_key(layout.partition_of(bob.id));

    let total = 600;
    let mut sent = Vec::new();
    let mut resume_from = String::new();
    let mut killed = 0;
    for i in 0..total {
        if i == 200 {
            let mut tab = away.take().expect("the tab");
            loop {
                let (message, id) = next_message(&mut tab, Duration::from_secs(30), "away").await;
                if message.id == sent[199] {
                    resume_from = id;
                    break;
                }
            }
            drop(tab);
        }
        if i == 250 {
            // The master holding Bob's partition dies; its replica takes over.
            killed = cluster.kill_master_of(&bobs_stream).await;
        }
        // Sends succeed through the failover: the outbox delivers later.
        sent.push(app.say(&ann, dm, &format!("n{i}")).await.id);
    }
    cluster.wait_until_whole(Duration::from_secs(30)).await;
    assert_ne!(
        cluster.master_of(&bobs_stream).await,
        killed,
        "a replica was promoted"
    );
    assert_eq!(cluster.running(), 5);

    let mut got = Vec::new();
    while got.len() < total {
        let what = format!("live, after {} of {total}", got.len());
        got.push(
            next_message(&mut live, Duration::from_secs(30), &what)
                .await
                .0
                .id,
        );
    }
    assert_eq!(got, sent, "live: every message exactly once, in order");
    live.expect_silence(Duration::from_millis(500)).await;

    let mut away = WsClient::connect(&gw).await;
    away.resume(&bob.access_token, &resume_from).await;
    let mut resumed = Vec::new();
    while resumed.len() < total - 200 {
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
        resumed,
        sent[200..],
        "resumed: every missed message once, in order"
    );
}
