//! Pins: who may pin in DMs and groups, the list, the events and system
//! messages, and the limits.

use confab_testkit::{TestApp, TestUser, error_code};
use reqwest::Method;
use serde_json::Value;
use uuid::Uuid;

fn pin_path(conversation: Uuid, message: &Value) -> String {
    format!(
        "/api/v1/conversations/{conversation}/pins/{}",
        message["id"].as_str().unwrap()
    )
}

async fn call(app: &TestApp, user: &TestUser, method: Method, path: &str) -> reqwest::Response {
    app.request(method, path, Some(&user.access_token), None)
        .await
}

async fn pinned_ids(app: &TestApp, user: &TestUser, conversation: Uuid) -> Vec<String> {
    let list = app
        .get_json(&format!("/api/v1/conversations/{conversation}/pins"), user)
        .await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn either_side_of_a_dm_pins_and_unpins_and_everyone_hears_of_it() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let first = app.say(&ann, dm, "the address is 12 Rue de Rivoli").await;
    let second = app.say(&bob, dm, "the code is 4711").await;

    let pinned = call(&app, &bob, Method::PUT, &pin_path(dm, &first)).await;
    assert_eq!(pinned.status(), 200);
    let pinned: Value = pinned.json().await.unwrap();
    assert_eq!(pinned["pinned_by"], bob.id.to_string());
    assert!(pinned["pinned_at"].is_string());
    assert_eq!(pinned["reactions"], serde_json::json!([]));
    // Pinning again changes nothing (no second event or system message).
    assert_eq!(
        call(&app, &bob, Method::PUT, &pin_path(dm, &first))
            .await
            .status(),
        200
    );
    assert_eq!(
        call(&app, &ann, Method::PUT, &pin_path(dm, &second))
            .await
            .status(),
        200
    );
    assert_eq!(
        pinned_ids(&app, &ann, dm).await,
        [
            second["id"].as_str().unwrap(),
            first["id"].as_str().unwrap()
        ],
        "newest pin first"
    );

    // A stranger can neither pin nor list.
    assert_eq!(
        call(&app, &eve, Method::PUT, &pin_path(dm, &first))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/conversations/{dm}/pins"),
            Some(&eve.access_token)
        )
        .await
        .status(),
        404
    );

    assert_eq!(
        call(&app, &ann, Method::DELETE, &pin_path(dm, &first))
            .await
            .status(),
        204
    );
    assert_eq!(
        call(&app, &ann, Method::DELETE, &pin_path(dm, &first))
            .await
            .status(),
        204
    );
    assert_eq!(
        pinned_ids(&app, &bob, dm).await,
        [second["id"].as_str().unwrap()]
    );

    let events = app
        .wait_for_events(|events| {
            events
                .iter()
                .filter(|e| e.kind == "message.pinned" || e.kind == "message.unpinned")
                .count()
                >= 3
        })
        .await;
    let pins: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.kind == "message.pinned" || e.kind == "message.unpinned")
        .map(|e| (e.kind.as_str(), e.data["id"].as_str().unwrap()))
        .collect();
    let (a, b) = (
        first["id"].as_str().unwrap(),
        second["id"].as_str().unwrap(),
    );
    assert_eq!(
        pins,
        [
            ("message.pinned", a),
            ("message.pinned", b),
            ("message.unpinned", a)
        ]
    );

    // History tells the story with system messages, and shows the pin state.
    let history = app
        .get_json(&format!("/api/v1/conversations/{dm}/messages"), &ann)
        .await;
    let notes: Vec<(String, String, String)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .filter(|m| m["system"].is_object())
        .map(|m| {
            (
                m["system"]["type"].as_str().unwrap().to_owned(),
                m["system"]["actor_id"].as_str().unwrap().to_owned(),
                m["system"]["message_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let (ann_id, bob_id) = (ann.id.to_string(), bob.id.to_string());
    assert_eq!(
        notes,
        [
            ("message_pinned".into(), bob_id, a.to_owned()),
            ("message_pinned".into(), ann_id.clone(), b.to_owned()),
            ("message_unpinned".into(), ann_id, a.to_owned()),
        ]
    );
    let system = history["items"][0].clone();
    let refused = call(&app, &ann, Method::PUT, &pin_path(dm, &system)).await;
    assert_eq!(refused.status(), 400);
    assert_eq!(error_code(refused).await, "not_pinnable");

    // Deleting a pinned message unpins it.
    let delete = format!("/api/v1/conversations/{dm}/messages/{b}");
    assert_eq!(
        call(&app, &bob, Method::DELETE, &delete).await.status(),
        204
    );
    assert!(pinned_ids(&app, &ann, dm).await.is_empty());
}

#[tokio::test]
async fn in_groups_pinning_needs_pin_messages_and_stops_at_fifty() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&TestApp::username("own")).await;
    let member = app.signup(&TestApp::username("mem")).await;
    let group = app.create_group(&owner, "public").await;
    app.join_group(&member, &group).await;
    let chat = group.conversation_id;
    let message = app.say(&member, chat, "pin me").await;

    let refused = call(&app, &member, Method::PUT, &pin_path(chat, &message)).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(error_code(refused).await, "missing_permission");

    let pinner = app
        .create_role(
            &owner,
            &group,
            "pinner",
            10,
            &["send_messages", "pin_messages"],
        )
        .await;
    assert_eq!(
        app.assign_role(&owner, &group, &member, pinner)
            .await
            .status(),
        200
    );
    assert_eq!(
        call(&app, &member, Method::PUT, &pin_path(chat, &message))
            .await
            .status(),
        200
    );
    // The owner may unpin what the member pinned.
    assert_eq!(
        call(&app, &owner, Method::DELETE, &pin_path(chat, &message))
            .await
            .status(),
        204
    );

    for i in 0..50 {
        let m = app.say(&owner, chat, &format!("note {i}")).await;
        let response = call(&app, &owner, Method::PUT, &pin_path(chat, &m)).await;
        assert_eq!(response.status(), 200, "pin {i}");
    }
    let fifty_first = call(&app, &member, Method::PUT, &pin_path(chat, &message)).await;
    assert_eq!(fifty_first.status(), 400);
    assert_eq!(error_code(fifty_first).await, "too_many_pins");
    assert_eq!(pinned_ids(&app, &member, chat).await.len(), 50);
}
