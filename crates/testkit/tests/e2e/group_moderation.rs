//! Moderation a group runs itself: timeouts (read-only until they end, by
//! themselves), and an audit log of every moderation and settings action with
//! actor, target, time and reason, for roles with `view_audit_log`.

use confab_testkit::{TestApp, TestGroup, TestUser, WsClient};
use serde_json::json;
use std::time::Duration;

struct Scene {
    owner: TestUser,
    moderator: TestUser,
    cat: TestUser,
    dan: TestUser,
    group: TestGroup,
}

/// Ann's public group; Bob moderates (kick, ban, time out, delete) below her;
/// Cat and Dan are members.
async fn scene(app: &TestApp) -> Scene {
    let owner = app.signup(&TestApp::username("ann")).await;
    let moderator = app.signup(&TestApp::username("bob")).await;
    let cat = app.signup(&TestApp::username("cat")).await;
    let dan = app.signup(&TestApp::username("dan")).await;
    let group = app.create_group(&owner, "public").await;
    for who in [&moderator, &cat, &dan] {
        app.join_group(who, &group).await;
    }
    let role = app
        .create_role(
            &owner,
            &group,
            "Moderator",
            10,
            &[
                "send_messages",
                "kick_members",
                "ban_members",
                "timeout_members",
                "delete_messages",
            ],
        )
        .await;
    let assigned = app
        .client(&owner)
        .set_role(group.id, moderator.id, role)
        .await;
    assert_eq!(assigned.status, 200, "assign the moderator role");
    Scene {
        owner,
        moderator,
        cat,
        dan,
        group,
    }
}

#[tokio::test]
async fn a_timed_out_member_reads_but_cannot_write_until_it_ends() {
    let mut app = TestApp::spawn().await;
    let gateway = app.spawn_gateway().await;
    let s = scene(&app).await;
    let chat = s.group.conversation_id;
    let earlier = app.say(&s.dan, chat, "before the timeout").await;
    let mut dans = WsClient::connect(&gateway).await;
    dans.identify(&s.dan.access_token).await;

    let timed = app
        .client(&s.moderator)
        .because("cool down")
        .time_out(s.group.id, s.dan.id, 600)
        .await;
    assert_eq!(timed.status, 200);
    let until = timed.ok().timed_out_until.expect("shows on the member");
    assert!(until > chrono::Utc::now() + chrono::Duration::seconds(590));
    let event = dans.next_event_of("group.member_updated").await;
    assert_eq!(event["data"]["user"]["id"], s.dan.id.to_string());
    assert!(event["data"]["timed_out_until"].is_string());

    // Read-only: no send, edit, reaction, pin or typing; reading works.
    let dan = app.client(&s.dan);
    assert_eq!(dan.say(chat, "let me talk").await.code(), "timed_out");
    assert_eq!(
        dan.edit_message(chat, earlier.id, "edited").await.code(),
        "timed_out"
    );
    assert_eq!(dan.react(chat, earlier.id, "👍").await.code(), "timed_out");
    dans.send_json(json!({"op": "typing", "conversation_id": chat}))
        .await;
    assert_eq!(dans.recv_reply().await["code"], "timed_out");
    assert_eq!(dan.history(chat).await.status, 200);
    let members = app.client(&s.cat).members(s.group.id, &[]).await.ok().items;
    let listed = members.iter().find(|m| m.user.id == s.dan.id).unwrap();
    assert_eq!(listed.timed_out_until, Some(until));

    // Rank: nobody times out their equal or better, and not without the permission.
    assert_eq!(
        app.client(&s.cat)
            .time_out(s.group.id, s.dan.id, 60)
            .await
            .code(),
        "missing_permission"
    );
    assert_eq!(
        app.client(&s.moderator)
            .time_out(s.group.id, s.owner.id, 60)
            .await
            .code(),
        "insufficient_rank"
    );
    for bad in [59, 28 * 24 * 3600 + 1] {
        assert_eq!(
            app.client(&s.moderator)
                .time_out(s.group.id, s.cat.id, bad)
                .await
                .code(),
            "invalid_timeout"
        );
    }

    // A timeout ends by itself (its end moved near, as time would).
    app.execute_sql(&format!(
        "UPDATE conversation_members SET timed_out_until = now() + interval '300 milliseconds'
          WHERE user_id = '{}'",
        s.dan.id
    ))
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(dan.say(chat, "back again").await.status, 201);
    let members = app.client(&s.cat).members(s.group.id, &[]).await.ok().items;
    let listed = members.iter().find(|m| m.user.id == s.dan.id).unwrap();
    assert_eq!(listed.timed_out_until, None, "an ended timeout is none");

    // And a moderator may end one early.
    app.client(&s.moderator)
        .time_out(s.group.id, s.dan.id, 3600)
        .await
        .ok();
    let ended = app
        .client(&s.moderator)
        .end_timeout(s.group.id, s.dan.id)
        .await;
    assert_eq!(ended.ok().timed_out_until, None);
    assert_eq!(dan.say(chat, "free").await.status, 201);
}

#[tokio::test]
async fn the_audit_log_lists_every_moderation_action_in_order() {
    let app = TestApp::spawn().await;
    let s = scene(&app).await;
    let chat = s.group.conversation_id;
    let (owner, moderator) = (app.client(&s.owner), app.client(&s.moderator));
    let spam = app.say(&s.dan, chat, "buy cheap watches").await;
    let notice = app.say(&s.owner, chat, "house rules: be kind").await;

    // A scripted session, each step a moderation or settings action.
    let reason = "spam & scams ✓ — see #rules";
    assert_eq!(
        app.client(&s.moderator)
            .because(reason)
            .delete_message(chat, spam.id)
            .await
            .status,
        204
    );
    moderator.time_out(s.group.id, s.dan.id, 600).await.ok();
    assert_eq!(
        app.client(&s.moderator)
            .because("repeat offender")
            .kick(s.group.id, s.dan.id)
            .await
            .status,
        204
    );
    assert!(owner.ban(s.group.id, s.dan.id).await.status.is_success());
    assert!(owner.unban(s.group.id, s.dan.id).await.status.is_success());
    assert!(owner.pin(chat, notice.id).await.status.is_success());
    owner
        .update_group(s.group.id, json!({"description": "Be kind."}))
        .await
        .ok();
    // Joining and chatting are not moderation: not logged.
    app.join_group(&s.dan, &s.group).await;
    app.say(&s.cat, chat, "hello").await;

    let page = owner.audit_log(s.group.id, &[]).await.ok();
    let actions: Vec<&str> = page.items.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "role_created",
            "role_assigned",
            "message_deleted",
            "member_timed_out",
            "member_kicked",
            "member_banned",
            "member_unbanned",
            "message_pinned",
            "group_updated",
        ]
    );
    let deleted = page
        .items
        .iter()
        .find(|e| e.action == "message_deleted")
        .unwrap();
    assert_eq!(deleted.actor.as_ref().unwrap().id, s.moderator.id);
    assert_eq!(deleted.target.as_ref().unwrap().id, s.dan.id);
    assert_eq!(
        deleted.reason.as_deref(),
        Some(reason),
        "the reason as written"
    );
    assert_eq!(deleted.details["message_id"], spam.id.to_string());
    let kicked = page
        .items
        .iter()
        .find(|e| e.action == "member_kicked")
        .unwrap();
    assert_eq!(kicked.reason.as_deref(), Some("repeat offender"));

    // Filters and paging.
    let by_bob = owner
        .audit_log(s.group.id, &[("actor_id", s.moderator.id.to_string())])
        .await
        .ok();
    assert_eq!(by_bob.items.len(), 3);
    let on_dan = owner
        .audit_log(
            s.group.id,
            &[
                ("target_id", s.dan.id.to_string()),
                ("action", "member_banned".into()),
            ],
        )
        .await
        .ok();
    assert_eq!(on_dan.items.len(), 1);
    let first = owner
        .audit_log(s.group.id, &[("limit", "4".into())])
        .await
        .ok();
    let rest = owner
        .audit_log(
            s.group.id,
            &[("before", first.next_before.unwrap().to_string())],
        )
        .await
        .ok();
    assert_eq!(first.items.len() + rest.items.len(), 9);
    assert_eq!(
        owner
            .audit_log(s.group.id, &[("action", "nonsense".into())])
            .await
            .code(),
        "invalid_query"
    );

    // Who may read it: the permission, not membership alone; outsiders see no group.
    assert_eq!(
        app.client(&s.cat).audit_log(s.group.id, &[]).await.code(),
        "missing_permission"
    );
    let stranger = app.signup(&TestApp::username("eve")).await;
    assert_eq!(
        app.client(&stranger)
            .audit_log(s.group.id, &[])
            .await
            .status,
        404
    );
    let role = app
        .create_role(&s.owner, &s.group, "Auditor", 5, &["view_audit_log"])
        .await;
    app.client(&s.owner)
        .set_role(s.group.id, s.cat.id, role)
        .await
        .ok();
    assert_eq!(
        app.client(&s.cat).audit_log(s.group.id, &[]).await.status,
        200
    );

    // A reason must be plain and short.
    let bad = app
        .client(&s.moderator)
        .because(&"x".repeat(600))
        .kick(s.group.id, s.dan.id)
        .await;
    assert_eq!(bad.code(), "invalid_reason");
}

#[tokio::test]
async fn slow_mode_refuses_the_second_message_inside_the_window() {
    let app = TestApp::spawn().await;
    let s = scene(&app).await;
    let chat = s.group.conversation_id;
    let set = app
        .client(&s.owner)
        .update_group(s.group.id, json!({"slowmode_secs": 30}))
        .await
        .ok();
    assert_eq!(set.group.slowmode_secs, 30);

    let cat = app.client(&s.cat);
    assert_eq!(cat.say(chat, "first").await.status, 201);
    let refused = cat.say(chat, "second").await;
    assert_eq!(refused.status, 429);
    let error = refused.error();
    assert_eq!(error.code, "slowmode");
    let wait = error.retry_after.expect("retry_after");
    assert!((1..=30).contains(&wait), "retry_after {wait}");
    // The unbatched path (a thread reply) waits too.
    let root = app.say(&s.owner, chat, "a root").await;
    assert_eq!(
        cat.reply_in_thread(chat, root.id, "in a thread")
            .await
            .code(),
        "slowmode"
    );

    // Sends racing in one moment: one gets through.
    let dan = app.client(&s.dan);
    let texts: Vec<String> = (0..5).map(|i| format!("burst {i}")).collect();
    let sends = texts.iter().map(|text| dan.say(chat, text));
    let statuses: Vec<u16> = futures_util::future::join_all(sends)
        .await
        .into_iter()
        .map(|a| a.status.as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        4,
        "{statuses:?}"
    );

    // The owner and roles with bypass_slowmode do not wait.
    for text in ["owner 1", "owner 2"] {
        assert_eq!(app.client(&s.owner).say(chat, text).await.status, 201);
    }
    let regular = app
        .create_role(
            &s.owner,
            &s.group,
            "Regular",
            3,
            &["send_messages", "bypass_slowmode"],
        )
        .await;
    app.client(&s.owner)
        .set_role(s.group.id, s.cat.id, regular)
        .await
        .ok();
    assert_eq!(cat.say(chat, "no waiting now").await.status, 201);
    assert_eq!(cat.say(chat, "nor now").await.status, 201);

    // Off again; out of range is refused; the change is in the audit log.
    app.client(&s.owner)
        .update_group(s.group.id, json!({"slowmode_secs": 0}))
        .await
        .ok();
    assert_eq!(dan.say(chat, "free again").await.status, 201);
    assert_eq!(dan.say(chat, "and again").await.status, 201);
    assert_eq!(
        app.client(&s.owner)
            .update_group(s.group.id, json!({"slowmode_secs": 21601}))
            .await
            .code(),
        "invalid_slowmode"
    );
    let log = app
        .client(&s.owner)
        .audit_log(s.group.id, &[("action", "group_updated".into())])
        .await
        .ok();
    assert_eq!(log.items.len(), 2);
    assert_eq!(log.items[0].details["fields"], json!(["slowmode_secs"]));
}
