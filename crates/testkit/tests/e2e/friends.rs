use confab_domain::friends::Relationship;
use confab_testkit::{TestApp, TestUser, To, error_code};
use serde_json::json;
use uuid::Uuid;

/// The ids in someone's friend list.
async fn friend_ids(app: &TestApp, user: &TestUser) -> Vec<Uuid> {
    let friends = app.client(user).friends().await.ok();
    friends.items.iter().map(|f| f.user.id).collect()
}

/// What `user` sees of `other` in a search by a prefix of the name.
async fn relationship_seen(app: &TestApp, user: &TestUser, other: &TestUser) -> Relationship {
    let page = app
        .client(user)
        .search_users(&other.username[..5])
        .await
        .ok();
    page.items
        .into_iter()
        .find(|hit| hit.user.id == other.id)
        .map(|hit| hit.relationship)
        .expect("found by a prefix of the name")
}

/// Ann sends Bob a request and Bob accepts it, through the typed client.
async fn friends(app: &TestApp) -> (TestUser, TestUser) {
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let request = app
        .client(&ann)
        .send_friend_request(To::Id(bob.id))
        .await
        .ok();
    app.client(&bob)
        .accept_friend_request(request.id)
        .await
        .ok();
    (ann, bob)
}

#[tokio::test]
async fn a_stranger_is_found_by_a_prefix_of_their_name() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    assert_eq!(
        relationship_seen(&app, &ann, &bob).await,
        Relationship::None
    );
}

#[tokio::test]
async fn a_request_by_username_shows_on_both_sides() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;

    // Any case of the name finds him.
    let shouted = bob.username.to_uppercase();
    let sent = app
        .client(&ann)
        .send_friend_request(To::Username(&shouted))
        .await;
    assert_eq!(sent.status, 201);
    let request = sent.ok();
    assert_eq!(request.status, "pending");
    assert_eq!((request.from.id, request.to.id), (ann.id, bob.id));

    let bobs = app.client(&bob).friend_requests().await.ok();
    assert_eq!(bobs.incoming.len(), 1);
    assert_eq!(bobs.incoming[0].id, request.id);
    assert_eq!(bobs.incoming[0].from.id, ann.id);
    let anns = app.client(&ann).friend_requests().await.ok();
    assert_eq!(anns.outgoing[0].id, request.id);
    assert_eq!(
        relationship_seen(&app, &ann, &bob).await,
        Relationship::OutgoingRequest
    );
    assert_eq!(
        relationship_seen(&app, &bob, &ann).await,
        Relationship::IncomingRequest
    );
}

#[tokio::test]
async fn a_request_is_sent_once_and_only_its_recipient_accepts_it() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let ann_speaks = app.client(&ann);
    let request = ann_speaks.send_friend_request(To::Id(bob.id)).await.ok();

    let again = ann_speaks.send_friend_request(To::Id(bob.id)).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.code(), "request_exists");
    let own = ann_speaks.accept_friend_request(request.id).await;
    assert_eq!(own.status, 404);
    assert_eq!(own.code(), "not_found");

    // Nothing changed: still one pending request, no friendship.
    let bobs = app.client(&bob).friend_requests().await.ok();
    assert_eq!(bobs.incoming.len(), 1);
    assert!(friend_ids(&app, &ann).await.is_empty());
}

#[tokio::test]
async fn accepting_makes_both_friends_and_ends_the_request() {
    let app = TestApp::spawn().await;
    let (ann, bob) = friends(&app).await;

    assert_eq!(friend_ids(&app, &ann).await, [bob.id]);
    assert_eq!(friend_ids(&app, &bob).await, [ann.id]);
    let bobs = app.client(&bob).friend_requests().await.ok();
    assert!(bobs.incoming.is_empty() && bobs.outgoing.is_empty());
    assert_eq!(
        relationship_seen(&app, &ann, &bob).await,
        Relationship::Friend
    );

    let again = app.client(&ann).send_friend_request(To::Id(bob.id)).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.code(), "already_friends");
}

#[tokio::test]
async fn either_friend_ends_the_friendship_once() {
    let app = TestApp::spawn().await;
    let (ann, bob) = friends(&app).await;

    let removed = app.client(&bob).unfriend(ann.id).await;
    assert_eq!(removed.status, 204);
    assert!(friend_ids(&app, &ann).await.is_empty());
    assert!(friend_ids(&app, &bob).await.is_empty());
    assert_eq!(
        relationship_seen(&app, &ann, &bob).await,
        Relationship::None
    );

    let twice = app.client(&bob).unfriend(ann.id).await;
    assert_eq!(twice.status, 404);
    assert_eq!(twice.code(), "not_found");
}

#[tokio::test]
async fn the_recipient_declines_and_only_the_sender_cancels() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let (ann_speaks, bob_speaks) = (app.client(&ann), app.client(&bob));

    let first = ann_speaks.send_friend_request(To::Id(bob.id)).await.ok();
    let declined = bob_speaks.decline_friend_request(first.id).await;
    assert_eq!(declined.status, 204);
    assert!(ann_speaks.friend_requests().await.ok().outgoing.is_empty());
    assert!(friend_ids(&app, &ann).await.is_empty());

    let second = ann_speaks.send_friend_request(To::Id(bob.id)).await.ok();
    let wrong = bob_speaks.cancel_friend_request(second.id).await;
    assert_eq!(wrong.status, 404);
    assert_eq!(wrong.code(), "not_found");
    assert_eq!(bob_speaks.friend_requests().await.ok().incoming.len(), 1);
    let cancelled = ann_speaks.cancel_friend_request(second.id).await;
    assert_eq!(cancelled.status, 204);
    assert!(bob_speaks.friend_requests().await.ok().incoming.is_empty());
}

#[tokio::test]
async fn a_request_to_someone_who_already_asked_accepts_theirs() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.client(&ann)
        .send_friend_request(To::Id(bob.id))
        .await
        .ok();
    let answer = app.client(&bob).send_friend_request(To::Id(ann.id)).await;
    assert_eq!(answer.status, 201);
    assert_eq!(answer.ok().status, "accepted");
    assert_eq!(friend_ids(&app, &ann).await, [bob.id]);
    assert_eq!(friend_ids(&app, &bob).await, [ann.id]);
    assert!(
        app.client(&ann)
            .friend_requests()
            .await
            .ok()
            .outgoing
            .is_empty()
    );
}

#[tokio::test]
async fn bad_requests_are_refused() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let ann_speaks = app.client(&ann);

    let myself = ann_speaks.send_friend_request(To::Id(ann.id)).await;
    assert_eq!(myself.status, 403);
    assert_eq!(myself.code(), "cannot_befriend_self");
    let nobody = ann_speaks
        .send_friend_request(To::Username("no_such_user"))
        .await;
    assert_eq!(nobody.status, 404);
    assert_eq!(nobody.code(), "not_found");
    // Neither a username nor an id: malformed, so sent as raw JSON.
    let neither = app
        .post(
            "/api/v1/friends/requests",
            Some(&ann.access_token),
            json!({}),
        )
        .await;
    assert_eq!(neither.status(), 400);
    assert_eq!(error_code(neither).await, "invalid_body");
    assert!(ann_speaks.friend_requests().await.ok().outgoing.is_empty());
}

#[tokio::test]
async fn blocking_ends_friendship_stops_requests_and_hides_both_from_search() {
    let app = TestApp::spawn().await;
    let (ann, bob) = friends(&app).await;

    let blocked = app.client(&ann).block(bob.id).await;
    assert_eq!(blocked.status, 204);
    assert!(friend_ids(&app, &bob).await.is_empty());
    let blocks = app.client(&ann).blocked_users().await.ok();
    assert_eq!(blocks.items.len(), 1);
    assert_eq!(blocks.items[0].id, bob.id);

    for (from, to) in [(&bob, &ann), (&ann, &bob)] {
        let asked = app.client(from).send_friend_request(To::Id(to.id)).await;
        assert_eq!(asked.status, 403);
        assert_eq!(asked.code(), "blocked");
        let search = app.client(from).search_users(&to.username).await.ok();
        assert!(
            search.items.is_empty(),
            "blocked users do not find each other"
        );
    }

    let unblocked = app.client(&ann).unblock(bob.id).await;
    assert_eq!(unblocked.status, 204);
    assert!(app.client(&ann).blocked_users().await.ok().items.is_empty());
    assert_eq!(
        relationship_seen(&app, &ann, &bob).await,
        Relationship::None
    );
}

#[tokio::test]
async fn search_pages_through_matches_and_escapes_wildcards() {
    let app = TestApp::spawn().await;
    let me = app.signup(&TestApp::username("me")).await;
    let speaks = app.client(&me);
    let stem = format!("pg{}", &uuid::Uuid::new_v4().simple().to_string()[..6]);
    for i in 0..5 {
        app.signup(&format!("{stem}_{i}")).await;
    }
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = speaks
            .search_users_page(&stem, 2, after.as_deref())
            .await
            .ok();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.into_iter().map(|hit| hit.user.username));
        match page.next_after {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let expected: Vec<String> = (0..5).map(|i| format!("{stem}_{i}")).collect();
    assert_eq!(seen, expected);
    // '_' is a literal, not a wildcard.
    let literal = speaks
        .search_users(&format!("{}_", &stem[..stem.len() - 1]))
        .await
        .ok();
    assert!(literal.items.is_empty());
    let empty = speaks.search_users("").await;
    assert_eq!(empty.status, 400);
    assert_eq!(empty.code(), "invalid_query");
}
