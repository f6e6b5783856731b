//! Live delivery through gateways, resume without loss, and the gateway's
//! answers to misbehaving clients.

use confab_domain::messages::Message;
use confab_testkit::{TestApp, TestUser, WsClient, ws::Ended};
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

/// `user` says `text` in the conversation; the message as the send answered.
async fn say(app: &TestApp, user: &TestUser, conversation: Uuid, text: &str) -> Message {
    let answer = app.client(user).say(conversation, text).await;
    assert_eq!(answer.status, 201, "send");
    answer.ok()
}

/// The message a `message.*` event carries.
fn message_in(event: &Value) -> Message {
    serde_json::from_value(event["data"].clone())
        .unwrap_or_else(|e| panic!("not a message ({e}): {event}"))
}

async fn friends_with_dm(app: &TestApp) -> (TestUser, TestUser, Uuid) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    (ann, bob, dm)
}

async fn connect(url: &str, user: &TestUser) -> WsClient {
    let mut client = WsClient::connect(url).await;
    client.identify(&user.access_token).await;
    client
}

#[tokio::test]
async fn a_message_reaches_every_tab_of_both_people_across_two_gateways() {
    let mut app = TestApp::spawn().await;
    let gw1 = app.spawn_gateway().await;
    let gw2 = app.spawn_gateway().await;
    let (ann, bob, dm) = friends_with_dm(&app).await;

    let mut ann_tab1 = connect(&gw1, &ann).await;
    let mut ann_tab2 = connect(&gw2, &ann).await;
    let mut bob_tab1 = connect(&gw2, &bob).await;
    let mut bob_tab2 = connect(&gw1, &bob).await;

    let message = say(&app, &ann, dm, "hello over two gateways").await;
    for (who, client) in [
        ("bob on gateway 2", &mut bob_tab1),
        ("bob's second tab on gateway 1", &mut bob_tab2),
        ("ann's own tab", &mut ann_tab1),
        ("ann's other tab", &mut ann_tab2),
    ] {
        let event = client.next_event_of("message.created").await;
        assert_eq!(message_in(&event), message, "{who}");
        assert!(event["id"].as_str().unwrap().ends_with("-0"));
    }

    // A stranger connected to the same gateways hears nothing.
    let eve = app.signup(&TestApp::username("eve")).await;
    let mut eve_client = connect(&gw1, &eve).await;
    say(&app, &bob, dm, "just us").await;
    bob_tab1.next_event_of("message.created").await;
    eve_client.expect_silence(Duration::from_millis(500)).await;
}

#[tokio::test]
async fn a_reconnecting_client_gets_exactly_what_it_missed_in_order() {
    let mut app = TestApp::spawn().await;
    let gw = app.spawn_gateway().await;
    let (ann, bob, dm) = friends_with_dm(&app).await;

    let mut bob_client = connect(&gw, &bob).await;
    let first = say(&app, &ann, dm, "before the tunnel").await;
    let seen = bob_client.next_event_of("message.created").await;
    assert_eq!(message_in(&seen).id, first.id);
    let last_id = seen["id"].as_str().unwrap().to_owned();
    drop(bob_client);

    let mut sent = Vec::new();
    for i in 0..100 {
        sent.push(say(&app, &ann, dm, &format!("missed {i}")).await.id);
    }
    app.wait_for_count("message.created", 101).await;

    let mut back = WsClient::connect(&gw).await;
    back.resume(&bob.access_token, &last_id).await;
    // The backlog: the 100 messages (and presence updates between them), in
    // order, ids strictly increasing.
    let mut got = Vec::new();
    let mut last_seq = 0u64;
    while got.len() < 100 {
        let event = back.next_event().await;
        let seq: u64 = event["id"]
            .as_str()
            .unwrap()
            .trim_end_matches("-0")
            .parse()
            .unwrap();
        assert!(seq > last_seq, "ids increase, no duplicates");
        last_seq = seq;
        if event["type"] == "message.created" {
            got.push(message_in(&event).id);
        }
    }
    assert_eq!(got, sent, "exactly the missed messages, in order");
    // Live ones follow, with no duplicate of the backlog.
    let live = say(&app, &ann, dm, "live again").await;
    let event = back.next_event_of("message.created").await;
    assert_eq!(message_in(&event).id, live.id);
    let seq: u64 = event["id"]
        .as_str()
        .unwrap()
        .trim_end_matches("-0")
        .parse()
        .unwrap();
    assert!(seq > last_seq);
}

#[tokio::test]
async fn a_client_gone_longer_than_the_retention_window_is_told_to_resync() {
    let mut app = TestApp::spawn_with(|s| s.events.stream_maxlen = 10).await;
    let gw = app.spawn_gateway().await;
    let (ann, bob, dm) = friends_with_dm(&app).await;
    let mut bob_client = connect(&gw, &bob).await;
    say(&app, &ann, dm, "first").await;
    let last_id = bob_client.next_event_of("message.created").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    drop(bob_client);
    for i in 0..250 {
        say(&app, &ann, dm, &format!("flood {i}")).await;
    }
    app.wait_for_count("message.created", 1).await;
    while app.unpublished_events().await > 0 {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut back = WsClient::connect(&gw).await;
    back.resume(&bob.access_token, &last_id).await;
    let event = back.next_event().await;
    assert_eq!(event["type"], "resync", "resync comes first");

    // A garbage id is no better.
    let mut odd = WsClient::connect(&gw).await;
    odd.resume(&bob.access_token, "not-an-id").await;
    assert_eq!(odd.next_event().await["type"], "resync");
}

#[tokio::test]
async fn reads_over_the_socket_work_like_the_rest_call() {
    let mut app = TestApp::spawn().await;
    let gw = app.spawn_gateway().await;
    let (ann, bob, dm) = friends_with_dm(&app).await;
    let mut ann_client = connect(&gw, &ann).await;
    let mut bob_client = connect(&gw, &bob).await;
    let message = say(&app, &ann, dm, "read me").await;
    bob_client.next_event_of("message.created").await;

    bob_client
        .send_json(json!({"op": "read", "conversation_id": dm, "message_id": message.id}))
        .await;
    let read = ann_client.next_event_of("conversation.read").await;
    assert_eq!(read["data"]["user_id"], bob.id.to_string());
    assert_eq!(read["data"]["last_read_message_id"], message.id.to_string());
    let view = app.client(&bob).conversation(dm).await.ok();
    assert_eq!(view.unread_count, 0);
    // The REST read markers say the same as the socket's event.
    let markers = app.client(&ann).read_markers(dm).await.ok();
    let bobs = markers
        .items
        .iter()
        .find(|r| r.user_id == bob.id)
        .expect("bob's marker");
    assert_eq!(bobs.last_read_message_id, Some(message.id));

    // Someone else's conversation: an error frame, the socket stays.
    let eve = app.signup(&TestApp::username("eve")).await;
    let mut eve_client = connect(&gw, &eve).await;
    eve_client
        .send_json(json!({"op": "read", "conversation_id": dm, "message_id": message.id}))
        .await;
    let error = eve_client.recv_reply().await;
    assert_eq!(
        (error["op"].as_str(), error["code"].as_str()),
        (Some("error"), Some("not_found"))
    );
    eve_client.send_json(json!({"op": "ping"})).await;
    assert_eq!(eve_client.recv_reply().await["op"], "pong");
}

#[tokio::test]
async fn misbehaving_clients_get_the_documented_answer_and_others_carry_on() {
    let mut app = TestApp::spawn().await;
    let gw = app.spawn_gateway().await;
    let (ann, bob, dm) = friends_with_dm(&app).await;
    let mut bystander = connect(&gw, &bob).await;

    // A 1 MiB frame: closed with 1009.
    let mut big = connect(&gw, &ann).await;
    big.send_text(&format!(
        "{{\"op\":\"ping\",\"pad\":\"{}\"}}",
        "x".repeat(1 << 20)
    ))
    .await;
    assert_eq!(
        big.ended(Duration::from_secs(5)).await,
        Ended::Closed(Some(1009))
    );

    // A flood: warned once with rate_limited, then closed with 4008.
    let mut flooder = connect(&gw, &ann).await;
    for _ in 0..200 {
        flooder.send_json(json!({"op": "ping"})).await;
    }
    let mut warned = false;
    let ended = loop {
        match tokio::time::timeout(Duration::from_secs(5), flooder.recv_frame()).await {
            Ok(Some(frame)) => {
                if frame["code"] == "rate_limited" {
                    warned = true;
                }
            }
            Ok(None) => break flooder.close_code(),
            Err(_) => panic!("flooder never closed"),
        }
    };
    assert!(warned, "warned before being closed");
    assert_eq!(ended, Some(4008));

    // Malformed and binary frames: error frames, socket open (tested in detail in
    // gateway_handshake). The bystander still gets its events.
    let message = say(&app, &ann, dm, "still flowing").await;
    let event = bystander.next_event_of("message.created").await;
    assert_eq!(message_in(&event), message);
    bystander.send_json(json!({"op": "ping"})).await;
    assert_eq!(bystander.recv_reply().await["op"], "pong");
}

#[tokio::test]
async fn a_client_that_does_not_read_is_closed_as_too_slow() {
    let mut app = TestApp::spawn_with(|s| {
        s.gateway.queue_capacity = 4;
        s.gateway.heartbeat_timeout_ms = 120_000;
    })
    .await;
    let gw = app.spawn_gateway().await;
    let (ann, bob, dm) = friends_with_dm(&app).await;
    let mut slow = WsClient::connect_with_small_buffer(&gw).await;
    slow.identify(&bob.access_token).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    let mut bystander = connect(&gw, &eve).await;

    // The slow client reads nothing while ~6 MiB of events are sent its way: the
    // socket buffers fill, then its queue, and the gateway gives up on it.
    let big = "y".repeat(3900);
    let ann_speaks = app.client(&ann);
    for _ in 0..80 {
        let batch = (0..20).map(|_| ann_speaks.say(dm, &big));
        for answer in futures_util::future::join_all(batch).await {
            assert_eq!(answer.status, 201, "send");
        }
    }
    assert_eq!(
        slow.ended(Duration::from_secs(30)).await,
        Ended::Closed(Some(4009))
    );
    bystander.send_json(json!({"op": "ping"})).await;
    assert_eq!(bystander.recv_reply().await["op"], "pong");
}

#[tokio::test]
async fn shutting_down_tells_clients_to_reconnect_elsewhere() {
    let mut app = TestApp::spawn().await;
    let (gw1, shutdown) = app.spawn_gateway_with_shutdown().await;
    let gw2 = app.spawn_gateway().await;
    let (ann, bob, dm) = friends_with_dm(&app).await;
    let mut client = connect(&gw1, &bob).await;
    say(&app, &ann, dm, "before").await;
    let last = client.next_event_of("message.created").await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    shutdown.shutdown().await;
    assert_eq!(
        client.ended(Duration::from_secs(10)).await,
        Ended::Closed(Some(1012))
    );

    let during = say(&app, &ann, dm, "during the restart").await;
    let mut moved = WsClient::connect(&gw2).await;
    moved.resume(&bob.access_token, &last).await;
    let event = moved.next_event_of("message.created").await;
    assert_eq!(message_in(&event), during);
}

#[tokio::test]
async fn typing_reaches_the_other_members_only_and_is_throttled() {
    let mut app = TestApp::spawn().await;
    let gw1 = app.spawn_gateway().await;
    let gw2 = app.spawn_gateway().await;
    let (ann, bob, dm) = friends_with_dm(&app).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    let mut ann_client = connect(&gw1, &ann).await;
    let mut bob_client = connect(&gw2, &bob).await;
    let mut eve_client = connect(&gw1, &eve).await;
    // Let the subscriptions settle.
    tokio::time::sleep(Duration::from_millis(300)).await;

    for _ in 0..5 {
        ann_client
            .send_json(json!({"op": "typing", "conversation_id": dm}))
            .await;
    }
    let typing = bob_client.next_event_of("typing.started").await;
    assert_eq!(typing["data"]["user_id"], ann.id.to_string());
    assert_eq!(typing["data"]["conversation_id"], dm.to_string());
    assert!(typing.get("id").is_none(), "typing is not resumable");
    // Throttled: the burst made one notice. (Events of the set-up may still be
    // arriving; only typing notices matter here.)
    let message = say(&app, &ann, dm, "done typing").await;
    assert_eq!(
        typing_before_message(&mut bob_client, &message).await,
        0,
        "no second typing notice before the message"
    );
    // Not to the typist, not to strangers.
    eve_client.expect_silence(Duration::from_millis(300)).await;
    assert_eq!(
        typing_before_message(&mut ann_client, &message).await,
        0,
        "the typist gets no notice of her own"
    );

    // Typing in someone else's conversation: an error frame.
    eve_client
        .send_json(json!({"op": "typing", "conversation_id": dm}))
        .await;
    assert_eq!(eve_client.recv_reply().await["code"], "not_found");
}

#[tokio::test]
async fn a_redis_restart_during_a_stream_of_messages_loses_and_doubles_nothing() {
    let mut redis = confab_testkit::RedisServer::start();
    let mut app = TestApp::spawn_with(|s| {
        redis.serve(s);
        // The live tab reads nothing while the thousand sends go out (a
        // minute on a busy machine); this story is about Redis, not idle
        // sockets.
        s.gateway.heartbeat_timeout_ms = 600_000;
    })
    .await;
    let gw = app.spawn_gateway().await;
    let (ann, bob, dm) = friends_with_dm(&app).await;
    let mut live = connect(&gw, &bob).await;
    // A second tab that drops before the restart and resumes after it.
    let mut away = Some(connect(&gw, &bob).await);

    let total = 1000;
    let mut sent = Vec::new();
    let mut resume_from = String::new();
    for i in 0..total {
        if i == 300 {
            // The tab that will resume: its last id so far.
            let mut tab = away.take().expect("the tab");
            loop {
                let event = tab.next_event().await;
                if event["type"] == "message.created" && message_in(&event).id == sent[299] {
                    resume_from = event["id"].as_str().unwrap().to_owned();
                    break;
                }
            }
            // Gone until the end (a fresh socket would time out waiting to identify).
            drop(tab);
        }
        if i == 400 {
            redis.stop();
        }
        if i == 600 {
            redis.resume();
        }
        // Sends succeed while Redis is down: the outbox delivers later.
        sent.push(say(&app, &ann, dm, &format!("n{i}")).await.id);
    }

    // The live tab: every message, once, in order.
    let mut got = Vec::new();
    while got.len() < total {
        let event = tokio::time::timeout(
            Duration::from_secs(30),
            live.next_event_of("message.created"),
        )
        .await
        .unwrap_or_else(|_| panic!("only {} of {total} arrived live", got.len()));
        got.push(message_in(&event).id);
    }
    assert_eq!(got, sent, "live: every message exactly once, in order");
    live.expect_silence(Duration::from_millis(500)).await;

    // The resumed tab: everything after its last id.
    let mut away = WsClient::connect(&gw).await;
    away.resume(&bob.access_token, &resume_from).await;
    let mut resumed = Vec::new();
    while resumed.len() < total - 300 {
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
        sent[300..],
        "resumed: every missed message once, in order"
    );
}

/// How many typing notices arrive before `message`'s `message.created`.
async fn typing_before_message(client: &mut WsClient, message: &Message) -> usize {
    let mut typing = 0;
    loop {
        let event = client.next_event().await;
        if event["type"] == "typing.started" {
            typing += 1;
        }
        if event["type"] == "message.created" && message_in(&event) == *message {
            return typing;
        }
    }
}
