//! The permission matrix through the real HTTP API: for each permission, an
//! actor whose role holds it (or not) acts on members ranked above, equal to and
//! below them, and on the owner.

use confab_domain::groups::Member;
use confab_testkit::{Answer, ApiError, TestApp, TestGroup, TestUser};
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
        let assigned = app.client(owner).set_role(group.id, user.id, role).await;
        assert_eq!(assigned.status, 200);
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

/// What an action answered: its status and, if refused, the error.
struct Outcome {
    status: u16,
    error: Option<ApiError>,
}

impl Outcome {
    fn of<T>(answer: Answer<T>) -> Self {
        let status = answer.status.as_u16();
        let error = (!answer.status.is_success()).then(|| answer.error());
        Self { status, error }
    }

    fn succeeded(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The group's members (a handful: one page).
async fn members(app: &TestApp, cast: &Cast, group: &TestGroup) -> Vec<Member> {
    let page = app.client(&cast.owner).members(group.id, &[]).await.ok();
    page.items
}

/// The actor uses `permission` on the target; a success is read back.
async fn act_on(
    app: &TestApp,
    cast: &Cast,
    scene: &Scene,
    permission: &str,
    t: Target,
    by: &TestUser,
) -> Outcome {
    let group = &scene.group;
    let victim = target(cast, t);
    let speaks = app.client(by);
    let owner = app.client(&cast.owner);
    match permission {
        "kick_members" => {
            let outcome = Outcome::of(speaks.kick(group.id, victim.id).await);
            if outcome.succeeded() {
                let left = members(app, cast, group).await;
                assert!(left.iter().all(|m| m.user.id != victim.id), "kicked");
            }
            outcome
        }
        "ban_members" => {
            let outcome = Outcome::of(speaks.ban(group.id, victim.id).await);
            if outcome.succeeded() {
                let bans = owner.bans(group.id).await.ok();
                assert!(bans.items.iter().any(|b| b.user.id == victim.id), "banned");
            }
            outcome
        }
        "manage_roles" => {
            let answer = speaks
                .set_role(group.id, victim.id, scene.junior_role)
                .await;
            let outcome = Outcome::of(answer);
            if outcome.succeeded() {
                let now = members(app, cast, group).await;
                let held = now.iter().find(|m| m.user.id == victim.id).unwrap();
                assert_eq!(held.role_id, scene.junior_role, "granted");
            }
            outcome
        }
        "delete_messages" => {
            let message = app
                .client(victim)
                .say(group.conversation_id, "delete me?")
                .await
                .ok();
            let answer = speaks
                .delete_message(group.conversation_id, message.id)
                .await;
            let outcome = Outcome::of(answer);
            let history = owner.history(group.conversation_id).await.ok();
            let shown = history.items.iter().find(|m| m.id == message.id).unwrap();
            assert_eq!(
                shown.deleted_at.is_some(),
                outcome.succeeded(),
                "deleted exactly when allowed"
            );
            outcome
        }
        other => panic!("no targeted action for {other}"),
    }
}

/// The actor uses a permission that has no target; a success is read back.
async fn act(
    app: &TestApp,
    cast: &Cast,
    scene: &Scene,
    permission: &str,
    by: &TestUser,
) -> Outcome {
    let group = &scene.group;
    let speaks = app.client(by);
    let owner = app.client(&cast.owner);
    let chat = group.conversation_id;
    match permission {
        "send_messages" => {
            let outcome = Outcome::of(speaks.say(chat, "hi").await);
            let history = owner.history(chat).await.ok();
            let sent = history
                .items
                .iter()
                .any(|m| m.body.as_deref() == Some("hi"));
            assert_eq!(sent, outcome.succeeded(), "sent exactly when allowed");
            outcome
        }
        "invite_members" => {
            let outcome = Outcome::of(speaks.invite(group.id, cast.friend.id).await);
            let pending = owner.group_invites(group.id).await.ok();
            let invited = pending.items.iter().any(|i| i.invitee.id == cast.friend.id);
            assert_eq!(invited, outcome.succeeded(), "invited exactly when allowed");
            outcome
        }
        "manage_group" => {
            let changes = json!({"description": "changed"});
            let outcome = Outcome::of(speaks.update_group(group.id, changes).await);
            let details = owner.group(group.id).await.ok();
            let changed = details.group.description == "changed";
            assert_eq!(changed, outcome.succeeded(), "changed exactly when allowed");
            outcome
        }
        "manage_roles" => {
            let body = json!({"name": "new", "priority": 3, "permissions": []});
            let outcome = Outcome::of(speaks.create_role(group.id, body).await);
            let roles = owner.roles(group.id).await.ok();
            let made = roles.items.iter().any(|r| r.name == "new");
            assert_eq!(made, outcome.succeeded(), "made exactly when allowed");
            outcome
        }
        "pin_messages" => {
            let message = owner.say(chat, "worth pinning").await.ok();
            let outcome = Outcome::of(speaks.pin(chat, message.id).await);
            let pins = owner.pins(chat).await.ok();
            let pinned = pins.items.iter().any(|m| m.id == message.id);
            assert_eq!(pinned, outcome.succeeded(), "pinned exactly when allowed");
            outcome
        }
        other => panic!("no plain action for {other}"),
    }
}

fn expect(outcome: Outcome, allowed: bool, code: &str, case: &str) {
    let status = outcome.status;
    if allowed {
        assert!(
            outcome.succeeded(),
            "{case}: expected success, got {status} {:?}",
            outcome.error
        );
    } else {
        assert_eq!(status, 403, "{case}");
        let error = outcome.error.expect("a refusal has an error");
        assert_eq!(error.code, code, "{case}");
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
            expect(response, allowed, "insufficient_rank", &case);

            // Without it: nobody, whatever their rank.
            let scene = scene_without(&app, &cast, permission).await;
            let response = act_on(&app, &cast, &scene, permission, t, &cast.actor).await;
            let case = format!("{permission} on {t:?} without it");
            expect(response, false, "missing_permission", &case);

            // The owner: everyone but themselves.
            if t != Target::Owner {
                let scene = self::scene(&app, &cast, &[]).await;
                let response = act_on(&app, &cast, &scene, permission, t, &cast.owner).await;
                expect(
                    response,
                    true,
                    "",
                    &format!("{permission} on {t:?} by the owner"),
                );
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
        expect(response, true, "", &format!("{permission} with it"));

        let without = scene_without(&app, &cast, permission).await;
        let response = act(&app, &cast, &without, permission, &cast.actor).await;
        expect(
            response,
            false,
            "missing_permission",
            &format!("{permission} without it"),
        );

        let by_owner = scene(&app, &cast, &[]).await;
        let response = act(&app, &cast, &by_owner, permission, &cast.owner).await;
        expect(response, true, "", &format!("{permission} by the owner"));
    }
}

#[tokio::test]
async fn roles_can_only_be_made_and_granted_below_your_own() {
    let app = TestApp::spawn().await;
    let cast = cast(&app).await;
    let scene = scene(&app, &cast, &["manage_roles", "send_messages"]).await;
    let group = &scene.group;
    let actor = app.client(&cast.actor);
    let owner = app.client(&cast.owner);
    for (priority, allowed) in [(11, false), (10, false), (9, true)] {
        let name = format!("r{priority}");
        let body = json!({"name": name, "priority": priority, "permissions": ["send_messages"]});
        let response = Outcome::of(actor.create_role(group.id, body).await);
        expect(
            response,
            allowed,
            "insufficient_rank",
            &format!("create at {priority}"),
        );
        let roles = owner.roles(group.id).await.ok();
        let made = roles.items.iter().any(|r| r.name == name);
        assert_eq!(
            made, allowed,
            "role at {priority} made exactly when allowed"
        );
    }
    // Granting a role equal to your own, even to someone below you.
    let response = Outcome::of(
        actor
            .set_role(group.id, cast.lower.id, scene.peer_role)
            .await,
    );
    expect(response, false, "insufficient_rank", "grant an equal role");
    // A role may not carry a permission its maker lacks.
    let body = json!({"name": "r", "priority": 2, "permissions": ["ban_members"]});
    let response = Outcome::of(actor.create_role(group.id, body).await);
    expect(response, false, "missing_permission", "grant what you lack");
    // Nor can you edit your own role (it is not below you).
    let roles = actor.roles(group.id).await.ok();
    let own = roles.items.iter().find(|r| r.name == "actor").unwrap();
    let response = Outcome::of(
        actor
            .update_role(group.id, own.id, json!({"priority": 50}))
            .await,
    );
    expect(response, false, "insufficient_rank", "raise your own role");
    let roles = owner.roles(group.id).await.ok();
    let own_now = roles.items.iter().find(|r| r.name == "actor").unwrap();
    assert_eq!(own_now.priority, 10, "unchanged");
}
