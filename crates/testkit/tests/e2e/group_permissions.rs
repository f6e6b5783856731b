//! The permission matrix through the real HTTP API: for each permission, an
//! actor whose role holds it (or not) acts on members ranked above, equal to and
//! below them, and on the owner.

use confab_testkit::{TestApp, TestGroup, TestUser, error_code};
use reqwest::{Method, Response};
use serde_json::json;

/// The people of every scenario: one set of accounts, a fresh group per case.
struct Cast {
    owner: TestUser,
    actor: TestUser,
    higher: TestUser,
    equal: TestUser,
    lower: TestUser,
    /// A friend of the actor's who is not in the group (someone to invite).
    friend: TestUser,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    Higher,
    Equal,
    Lower,
    Owner,
}

const TARGETS: [Target; 4] = [Target::Higher, Target::Equal, Target::Lower, Target::Owner];

/// A group where the actor's role (priority 10) has exactly `permissions`, with
/// members at priorities 20, 10 and 5 who may all send.
struct Scene {
    group: TestGroup,
    /// Priority 1: below everyone but the default role.
    junior_role: uuid::Uuid,
    /// Priority 10, like the actor's.
    peer_role: uuid::Uuid,
}

async fn scene(app: &TestApp, cast: &Cast, permissions: &[&str]) -> Scene {
    let owner = &cast.owner;
    let group = app.create_group(owner, "public").await;
    for user in [&cast.actor, &cast.higher, &cast.equal, &cast.lower] {
        app.join_group(user, &group).await;
    }
    let actor_role = app
        .create_role(owner, &group, "actor", 10, permissions)
        .await;
    let send = ["send_messages"];
    let high = app.create_role(owner, &group, "high", 20, &send).await;
    let peer_role = app.create_role(owner, &group, "peer", 10, &send).await;
    let low = app.create_role(owner, &group, "low", 5, &send).await;
    let junior_role = app.create_role(owner, &group, "junior", 1, &send).await;
    for (user, role) in [
        (&cast.actor, actor_role),
        (&cast.higher, high),
        (&cast.equal, peer_role),
        (&cast.lower, low),
    ] {
        assert_eq!(
            app.assign_role(owner, &group, user, role).await.status(),
            200
        );
    }
    Scene {
        group,
        junior_role,
        peer_role,
    }
}

fn target(cast: &Cast, t: Target) -> &TestUser {
    match t {
        Target::Higher => &cast.higher,
        Target::Equal => &cast.equal,
        Target::Lower => &cast.lower,
        Target::Owner => &cast.owner,
    }
}

/// The actor uses `permission` on the target.
async fn act_on(
    app: &TestApp,
    cast: &Cast,
    scene: &Scene,
    permission: &str,
    t: Target,
    by: &TestUser,
) -> Response {
    let group = &scene.group;
    let victim = target(cast, t);
    match permission {
        "kick_members" => {
            let rest = format!("/members/{}", victim.id);
            app.group_action(by, Method::DELETE, group, &rest, None)
                .await
        }
        "ban_members" => {
            let rest = format!("/bans/{}", victim.id);
            app.group_action(by, Method::PUT, group, &rest, None).await
        }
        "manage_roles" => app.assign_role(by, group, victim, scene.junior_role).await,
        "delete_messages" => {
            let message = app.say(victim, group.conversation_id, "delete me?").await;
            let path = format!(
                "/api/v1/conversations/{}/messages/{}",
                group.conversation_id,
                message["id"].as_str().unwrap()
            );
            app.request(Method::DELETE, &path, Some(&by.access_token), None)
                .await
        }
        other => panic!("no targeted action for {other}"),
    }
}

/// The actor uses a permission that has no target.
async fn act(
    app: &TestApp,
    cast: &Cast,
    scene: &Scene,
    permission: &str,
    by: &TestUser,
) -> Response {
    let group = &scene.group;
    match permission {
        "send_messages" => {
            app.send_message(by, group.conversation_id, json!({"body": "hi"}))
                .await
        }
        "invite_members" => {
            let body = json!({"user_id": cast.friend.id});
            app.group_action(by, Method::POST, group, "/invites", Some(body))
                .await
        }
        "manage_group" => {
            let body = json!({"description": "changed"});
            app.group_action(by, Method::PATCH, group, "", Some(body))
                .await
        }
        "manage_roles" => {
            let body = json!({"name": "new", "priority": 3, "permissions": []});
            app.group_action(by, Method::POST, group, "/roles", Some(body))
                .await
        }
        "pin_messages" => {
            let message = app
                .say(&cast.owner, group.conversation_id, "worth pinning")
                .await;
            let path = format!(
                "/api/v1/conversations/{}/pins/{}",
                group.conversation_id,
                message["id"].as_str().unwrap()
            );
            app.request(Method::PUT, &path, Some(&by.access_token), None)
                .await
        }
        other => panic!("no plain action for {other}"),
    }
}

async fn expect(response: Response, allowed: bool, code: &str, case: &str) {
    let status = response.status().as_u16();
    if allowed {
        assert!(
            (200..300).contains(&status),
            "{case}: expected success, got {status}"
        );
    } else {
        assert_eq!(status, 403, "{case}");
        assert_eq!(error_code(response).await, code, "{case}");
    }
}

async fn cast(app: &TestApp) -> Cast {
    let cast = Cast {
        owner: app.signup(&TestApp::username("owner")).await,
        actor: app.signup(&TestApp::username("actor")).await,
        higher: app.signup(&TestApp::username("higher")).await,
        equal: app.signup(&TestApp::username("equal")).await,
        lower: app.signup(&TestApp::username("lower")).await,
        friend: app.signup(&TestApp::username("friend")).await,
    };
    app.befriend(&cast.actor, &cast.friend).await;
    app.befriend(&cast.owner, &cast.friend).await;
    cast
}

#[tokio::test]
async fn actions_on_members_need_the_permission_and_a_higher_rank() {
    let app = TestApp::spawn().await;
    let cast = cast(&app).await;
    for permission in [
        "kick_members",
        "ban_members",
        "manage_roles",
        "delete_messages",
    ] {
        for t in TARGETS {
            // With the permission: only those ranked below.
            let scene = scene(&app, &cast, &[permission]).await;
            let allowed = t == Target::Lower;
            let response = act_on(&app, &cast, &scene, permission, t, &cast.actor).await;
            let case = format!("{permission} on {t:?}");
            expect(response, allowed, "insufficient_rank", &case).await;

            // Without it: nobody, whatever their rank.
            let scene = scene_without(&app, &cast, permission).await;
            let response = act_on(&app, &cast, &scene, permission, t, &cast.actor).await;
            let case = format!("{permission} on {t:?} without it");
            expect(response, false, "missing_permission", &case).await;

            // The owner: everyone but themselves.
            if t != Target::Owner {
                let scene = self::scene(&app, &cast, &[]).await;
                let response = act_on(&app, &cast, &scene, permission, t, &cast.owner).await;
                expect(
                    response,
                    true,
                    "",
                    &format!("{permission} on {t:?} by the owner"),
                )
                .await;
            }
        }
    }
}

/// The actor's role has every permission but `permission`.
async fn scene_without(app: &TestApp, cast: &Cast, permission: &str) -> Scene {
    let all = [
        "send_messages",
        "send_media",
        "delete_messages",
        "invite_members",
        "kick_members",
        "ban_members",
        "manage_roles",
        "manage_group",
        "pin_messages",
        "mention_everyone",
    ];
    let rest: Vec<&str> = all.into_iter().filter(|p| *p != permission).collect();
    scene(app, cast, &rest).await
}

#[tokio::test]
async fn plain_permissions_are_allowed_exactly_when_the_role_has_them() {
    let app = TestApp::spawn().await;
    let cast = cast(&app).await;
    for permission in [
        "send_messages",
        "invite_members",
        "manage_group",
        "manage_roles",
        "pin_messages",
    ] {
        // Pinning writes into the conversation (a system message), so it also
        // takes the one write rule's `send_messages`.
        let granted: &[&str] = if permission == "pin_messages" {
            &["pin_messages", "send_messages"]
        } else {
            &[permission]
        };
        let with = scene(&app, &cast, granted).await;
        let response = act(&app, &cast, &with, permission, &cast.actor).await;
        expect(response, true, "", &format!("{permission} with it")).await;

        let without = scene_without(&app, &cast, permission).await;
        let response = act(&app, &cast, &without, permission, &cast.actor).await;
        expect(
            response,
            false,
            "missing_permission",
            &format!("{permission} without it"),
        )
        .await;

        let by_owner = scene(&app, &cast, &[]).await;
        let response = act(&app, &cast, &by_owner, permission, &cast.owner).await;
        expect(response, true, "", &format!("{permission} by the owner")).await;
    }
}

#[tokio::test]
async fn roles_can_only_be_made_and_granted_below_your_own() {
    let app = TestApp::spawn().await;
    let cast = cast(&app).await;
    let scene = scene(&app, &cast, &["manage_roles", "send_messages"]).await;
    let group = &scene.group;
    for (priority, allowed) in [(11, false), (10, false), (9, true)] {
        let body = json!({"name": "r", "priority": priority, "permissions": ["send_messages"]});
        let response = app
            .group_action(&cast.actor, Method::POST, group, "/roles", Some(body))
            .await;
        expect(
            response,
            allowed,
            "insufficient_rank",
            &format!("create at {priority}"),
        )
        .await;
    }
    // Granting a role equal to your own, even to someone below you.
    let response = app
        .assign_role(&cast.actor, group, &cast.lower, scene.peer_role)
        .await;
    expect(response, false, "insufficient_rank", "grant an equal role").await;
    // A role may not carry a permission its maker lacks.
    let body = json!({"name": "r", "priority": 2, "permissions": ["ban_members"]});
    let response = app
        .group_action(&cast.actor, Method::POST, group, "/roles", Some(body))
        .await;
    expect(response, false, "missing_permission", "grant what you lack").await;
    // Nor can you edit your own role (it is not below you).
    let roles = app
        .get_json(&format!("/api/v1/groups/{}/roles", group.id), &cast.actor)
        .await;
    let own = roles["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "actor")
        .unwrap();
    let path = format!("/roles/{}", own["id"].as_str().unwrap());
    let response = app
        .group_action(
            &cast.actor,
            Method::PATCH,
            group,
            &path,
            Some(json!({"priority": 50})),
        )
        .await;
    expect(response, false, "insufficient_rank", "raise your own role").await;
}
