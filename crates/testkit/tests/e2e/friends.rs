use confab_testkit::{TestApp, error_code};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn the_whole_friend_flow() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;

    // Ann finds Bob by a prefix of his name.
    let prefix = &bob.username[..5];
    let found = app
        .get_json(&format!("/api/v1/users/search?q={prefix}"), &ann)
        .await;
    let hit = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["user"]["id"] == bob.id.to_string())
        .expect("bob found");
    assert_eq!(hit["relationship"], "none");

    // She sends a request by username; both see it.
    let response = app
        .post(
            "/api/v1/friends/requests",
            Some(&ann.access_token),
            json!({"username": bob.username.to_uppercase()}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let request: Value = response.json().await.unwrap();
    assert_eq!(request["status"], "pending");
    let id = request["id"].as_str().unwrap().to_owned();
    let bobs = app.get_json("/api/v1/friends/requests", &bob).await;
    assert_eq!(bobs["incoming"][0]["id"], id.as_str());
    assert_eq!(bobs["incoming"][0]["from"]["id"], ann.id.to_string());
    let anns = app.get_json("/api/v1/friends/requests", &ann).await;
    assert_eq!(anns["outgoing"][0]["id"], id.as_str());

    // Sending it twice is a conflict; Ann cannot accept her own request.
    let again = app
        .post(
            "/api/v1/friends/requests",
            Some(&ann.access_token),
            json!({"user_id": bob.id}),
        )
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(error_code(again).await, "request_exists");
    let own = app
        .post(
            &format!("/api/v1/friends/requests/{id}/accept"),
            Some(&ann.access_token),
            json!({}),
        )
        .await;
    assert_eq!(own.status(), 404);

    // Bob accepts; they are friends on both sides and the request is gone.
    let accepted = app
        .post(
            &format!("/api/v1/friends/requests/{id}/accept"),
            Some(&bob.access_token),
            json!({}),
        )
        .await;
    assert_eq!(accepted.status(), 200);
    let friends = app.get_json("/api/v1/friends", &ann).await;
    assert_eq!(friends["items"][0]["user"]["id"], bob.id.to_string());
    let friends = app.get_json("/api/v1/friends", &bob).await;
    assert_eq!(friends["items"][0]["user"]["id"], ann.id.to_string());
    assert_eq!(
        app.get_json("/api/v1/friends/requests", &bob).await["incoming"],
        json!([])
    );
    let found = app
        .get_json(&format!("/api/v1/users/search?q={prefix}"), &ann)
        .await;
    assert_eq!(found["items"][0]["relationship"], "friend");

    let again = app
        .post(
            "/api/v1/friends/requests",
            Some(&ann.access_token),
            json!({"user_id": bob.id}),
        )
        .await;
    assert_eq!(error_code(again).await, "already_friends");

    // Either can unfriend.
    let removed = app
        .request(
            Method::DELETE,
            &format!("/api/v1/friends/{}", ann.id),
            Some(&bob.access_token),
            None,
        )
        .await;
    assert_eq!(removed.status(), 204);
    assert_eq!(
        app.get_json("/api/v1/friends", &ann).await["items"],
        json!([])
    );
    let twice = app
        .request(
            Method::DELETE,
            &format!("/api/v1/friends/{}", ann.id),
            Some(&bob.access_token),
            None,
        )
        .await;
    assert_eq!(twice.status(), 404);
}

#[tokio::test]
async fn requests_can_be_declined_and_cancelled() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let send = || async {
        let r: Value = app
            .post(
                "/api/v1/friends/requests",
                Some(&ann.access_token),
                json!({"user_id": bob.id}),
            )
            .await
            .json()
            .await
            .unwrap();
        r["id"].as_str().unwrap().to_owned()
    };
    let id = send().await;
    let declined = app
        .post(
            &format!("/api/v1/friends/requests/{id}/decline"),
            Some(&bob.access_token),
            json!({}),
        )
        .await;
    assert_eq!(declined.status(), 204);
    assert_eq!(
        app.get_json("/api/v1/friends/requests", &ann).await["outgoing"],
        json!([])
    );

    let id = send().await;
    // Only the sender cancels.
    let wrong = app
        .request(
            Method::DELETE,
            &format!("/api/v1/friends/requests/{id}"),
            Some(&bob.access_token),
            None,
        )
        .await;
    assert_eq!(wrong.status(), 404);
    let cancelled = app
        .request(
            Method::DELETE,
            &format!("/api/v1/friends/requests/{id}"),
            Some(&ann.access_token),
            None,
        )
        .await;
    assert_eq!(cancelled.status(), 204);
    assert_eq!(
        app.get_json("/api/v1/friends/requests", &bob).await["incoming"],
        json!([])
    );
}

#[tokio::test]
async fn a_request_to_someone_who_already_asked_accepts_theirs() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.post(
        "/api/v1/friends/requests",
        Some(&ann.access_token),
        json!({"user_id": bob.id}),
    )
    .await;
    let response = app
        .post(
            "/api/v1/friends/requests",
            Some(&bob.access_token),
            json!({"user_id": ann.id}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "accepted");
    assert_eq!(
        app.get_json("/api/v1/friends", &ann).await["items"][0]["user"]["id"],
        bob.id.to_string()
    );
    assert_eq!(
        app.get_json("/api/v1/friends/requests", &ann).await["outgoing"],
        json!([])
    );
}

#[tokio::test]
async fn bad_requests_are_refused() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let myself = app
        .post(
            "/api/v1/friends/requests",
            Some(&ann.access_token),
            json!({"user_id": ann.id}),
        )
        .await;
    assert_eq!(error_code(myself).await, "cannot_befriend_self");
    let nobody = app
        .post(
            "/api/v1/friends/requests",
            Some(&ann.access_token),
            json!({"username": "no_such_user"}),
        )
        .await;
    assert_eq!(nobody.status(), 404);
    let neither = app
        .post(
            "/api/v1/friends/requests",
            Some(&ann.access_token),
            json!({}),
        )
        .await;
    assert_eq!(neither.status(), 400);
}

#[tokio::test]
async fn blocking_ends_friendship_stops_requests_and_hides_both_from_search() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;

    let blocked = app
        .request(
            Method::PUT,
            &format!("/api/v1/blocks/{}", bob.id),
            Some(&ann.access_token),
            None,
        )
        .await;
    assert_eq!(blocked.status(), 204);
    assert_eq!(
        app.get_json("/api/v1/friends", &bob).await["items"],
        json!([])
    );
    assert_eq!(
        app.get_json("/api/v1/blocks", &ann).await["items"][0]["id"],
        bob.id.to_string()
    );

    for (from, to) in [(&bob, &ann), (&ann, &bob)] {
        let response = app
            .post(
                "/api/v1/friends/requests",
                Some(&from.access_token),
                json!({"user_id": to.id}),
            )
            .await;
        assert_eq!(response.status(), 403);
        assert_eq!(error_code(response).await, "blocked");
        let search = app
            .get_json(&format!("/api/v1/users/search?q={}", to.username), from)
            .await;
        assert_eq!(
            search["items"],
            json!([]),
            "blocked users do not find each other"
        );
    }

    let unblocked = app
        .request(
            Method::DELETE,
            &format!("/api/v1/blocks/{}", bob.id),
            Some(&ann.access_token),
            None,
        )
        .await;
    assert_eq!(unblocked.status(), 204);
    let search = app
        .get_json(&format!("/api/v1/users/search?q={}", bob.username), &ann)
        .await;
    assert_eq!(search["items"][0]["user"]["id"], bob.id.to_string());
}

#[tokio::test]
async fn search_pages_through_matches_and_escapes_wildcards() {
    let app = TestApp::spawn().await;
    let me = app.signup(&TestApp::username("me")).await;
    let stem = format!("pg{}", &uuid::Uuid::new_v4().simple().to_string()[..6]);
    for i in 0..5 {
        app.signup(&format!("{stem}_{i}")).await;
    }
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/users/search?q={stem}&limit=2");
        if let Some(a) = &after {
            path.push_str(&format!("&after={a}"));
        }
        let page = app.get_json(&path, &me).await;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["user"]["username"].as_str().unwrap().to_owned());
        }
        match page["next_after"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..5).map(|i| format!("{stem}_{i}")).collect();
    assert_eq!(seen, expected);
    // '_' is a literal, not a wildcard.
    let literal = app
        .get_json(
            &format!("/api/v1/users/search?q={}_", &stem[..stem.len() - 1]),
            &me,
        )
        .await;
    assert_eq!(literal["items"], json!([]));
    let bad = app
        .get("/api/v1/users/search?q=", Some(&me.access_token))
        .await;
    assert_eq!(bad.status(), 400);
}
