//! Reports: a message in a group reaches exactly that group's handlers
//! (`manage_reports`, and the owner); a message in a DM and a user reach the
//! site's administrators. The reporter learns how it ended, never who handled
//! it or who else reported; the evidence outlives a delete; settling is in
//! the audit log.

use confab_domain::notifications::Notification;
use confab_testkit::{TestApp, TestGroup, TestUser};
use serde_json::json;

struct Scene {
    owner: TestUser,
    moderator: TestUser,
    cat: TestUser,
    dan: TestUser,
    eve: TestUser,
    admin: TestUser,
    group: TestGroup,
}

/// Ann's public group: Bob handles reports below her; Cat, Dan and Eve are
/// members. Zed administers the site and is in no group.
async fn scene(app: &TestApp) -> Scene {
    let owner = app.signup(&TestApp::username("ann")).await;
    let moderator = app.signup(&TestApp::username("bob")).await;
    let cat = app.signup(&TestApp::username("cat")).await;
    let dan = app.signup(&TestApp::username("dan")).await;
    let eve = app.signup(&TestApp::username("eve")).await;
    let admin = app.signup(&TestApp::username("zed")).await;
    app.make_site_admin(&admin);
    let group = app.create_group(&owner, "public").await;
    for who in [&moderator, &cat, &dan, &eve] {
        app.join_group(who, &group).await;
    }
    let role = app
        .create_role(
            &owner,
            &group,
            "Moderator",
            10,
            &["send_messages", "manage_reports", "delete_messages"],
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
        eve,
        admin,
        group,
    }
}

async fn report_notices(app: &TestApp, user: &TestUser, kind: &str) -> Vec<Notification> {
    app.client(user)
        .notifications(&[])
        .await
        .ok()
        .items
        .into_iter()
        .filter(|n| n.kind == kind)
        .collect()
}

#[tokio::test]
async fn a_group_message_report_reaches_exactly_the_groups_handlers() {
    let app = TestApp::spawn().await;
    let s = scene(&app).await;
    let spam = app
        .say(&s.dan, s.group.conversation_id, "buy cheap watches")
        .await;

    let filed = app
        .client(&s.cat)
        .file_report(
            json!({"message_id": spam.id, "reason": "spam", "details": "third time today"}),
        )
        .await;
    assert_eq!(filed.status, 201);
    let filed = filed.ok();
    assert_eq!(filed.state, "open");
    assert_eq!(filed.target.as_ref().map(|t| t.id), Some(s.dan.id));

    // The owner and Bob are told; nobody else, and not the site's admin.
    for handler in [&s.owner, &s.moderator] {
        let notices = report_notices(&app, handler, "report.received").await;
        assert_eq!(notices.len(), 1, "{} is told", handler.username);
        assert_eq!(notices[0].data["report_id"], filed.id.to_string());
        assert!(notices[0].actor.is_none(), "the notice names nobody");
    }
    for other in [&s.cat, &s.dan, &s.eve, &s.admin] {
        assert!(
            report_notices(&app, other, "report.received")
                .await
                .is_empty(),
            "{} is not told",
            other.username
        );
    }

    // Twice while open, or one's own message: refused.
    let again = app
        .client(&s.cat)
        .file_report(json!({"message_id": spam.id, "reason": "spam"}))
        .await;
    assert_eq!(again.code(), "already_reported");
    let mine = app.say(&s.cat, s.group.conversation_id, "hello").await;
    let own = app
        .client(&s.cat)
        .file_report(json!({"message_id": mine.id, "reason": "other"}))
        .await;
    assert_eq!(own.code(), "cannot_report_self");
    let unknown_reason = app
        .client(&s.cat)
        .file_report(json!({"message_id": spam.id, "reason": "boring"}))
        .await;
    assert_eq!(unknown_reason.code(), "invalid_report");

    // Eve reports it too; Dan deletes it; the queue keeps what it said.
    let eves = app
        .client(&s.eve)
        .file_report(json!({"message_id": spam.id, "reason": "harassment"}))
        .await
        .ok();
    let deleted = app
        .client(&s.dan)
        .delete_message(s.group.conversation_id, spam.id)
        .await;
    assert_eq!(deleted.status, 204);
    let queue = app
        .client(&s.moderator)
        .group_reports(s.group.id, &[("state", "open".into())])
        .await
        .ok();
    assert_eq!(queue.items.len(), 2);
    let cats = queue.items.iter().find(|r| r.id == filed.id).unwrap();
    assert_eq!(cats.message_text.as_deref(), Some("buy cheap watches"));
    assert_eq!(cats.reporter.as_ref().map(|r| r.id), Some(s.cat.id));
    assert_eq!(cats.details, "third time today");

    // Only handlers read the queue: a member is refused, an outsider finds
    // no group.
    let eve_reads = app.client(&s.eve).group_reports(s.group.id, &[]).await;
    assert_eq!(eve_reads.code(), "missing_permission");
    let outsider = app.client(&s.admin).group_reports(s.group.id, &[]).await;
    assert_eq!(outsider.status, 404);

    // Cat sees her report, never Eve's.
    let cats_view = app.client(&s.cat).my_reports().await.ok();
    assert_eq!(cats_view.items.len(), 1);
    assert_eq!(cats_view.items[0].id, filed.id);

    // Bob settles it; Cat is told the outcome, not by whom.
    let eve_tries = app
        .client(&s.eve)
        .resolve_report(eves.id, "dismissed", "")
        .await;
    assert_eq!(eve_tries.code(), "missing_permission");
    let settled = app
        .client(&s.moderator)
        .resolve_report(filed.id, "actioned", "removed the message")
        .await;
    assert_eq!(settled.status, 200);
    let settled = settled.ok();
    assert_eq!(settled.state, "actioned");
    assert_eq!(
        settled.handled_by.as_ref().map(|h| h.id),
        Some(s.moderator.id)
    );
    let twice = app
        .client(&s.owner)
        .resolve_report(filed.id, "dismissed", "")
        .await;
    assert_eq!(twice.code(), "report_settled");

    let told = report_notices(&app, &s.cat, "report.resolved").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].data["state"], "actioned");
    assert_eq!(told[0].data["outcome"], "removed the message");
    assert!(told[0].actor.is_none(), "the handler is not named");
    let cats_view = app.client(&s.cat).my_reports().await.ok();
    assert_eq!(cats_view.items[0].state, "actioned");
    assert_eq!(
        cats_view.items[0].outcome.as_deref(),
        Some("removed the message")
    );
    assert!(
        report_notices(&app, &s.eve, "report.resolved")
            .await
            .is_empty()
    );

    // The group's audit log records the settling.
    let log = app
        .client(&s.owner)
        .audit_log(s.group.id, &[("action", "report_resolved".into())])
        .await
        .ok();
    assert_eq!(log.items.len(), 1);
    assert_eq!(
        log.items[0].actor.as_ref().map(|a| a.id),
        Some(s.moderator.id)
    );
    assert_eq!(log.items[0].target.as_ref().map(|t| t.id), Some(s.dan.id));
    assert_eq!(log.items[0].details["state"], "actioned");
}

#[tokio::test]
async fn dm_and_user_reports_go_to_the_sites_administrators() {
    let app = TestApp::spawn().await;
    let s = scene(&app).await;
    app.befriend(&s.cat, &s.dan).await;
    let dm = app.open_dm(&s.cat, &s.dan).await;
    let rude = app.say(&s.dan, dm, "you again").await;

    let of_message = app
        .client(&s.cat)
        .file_report(json!({"message_id": rude.id, "reason": "harassment"}))
        .await
        .ok();
    let of_user = app
        .client(&s.cat)
        .file_report(json!({"user_id": s.dan.id, "reason": "impersonation", "details": "pretends to be Ann"}))
        .await;
    assert_eq!(of_user.status, 201);
    let of_user = of_user.ok();
    assert!(of_user.message_id.is_none());

    // Someone outside the DM cannot report what they cannot see.
    let unseen = app
        .client(&s.eve)
        .file_report(json!({"message_id": rude.id, "reason": "spam"}))
        .await;
    assert_eq!(unseen.status, 404);

    assert_eq!(
        report_notices(&app, &s.admin, "report.received")
            .await
            .len(),
        2
    );
    for not_handler in [&s.owner, &s.moderator] {
        assert!(
            report_notices(&app, not_handler, "report.received")
                .await
                .is_empty()
        );
    }
    assert!(
        app.client(&s.owner)
            .group_reports(s.group.id, &[])
            .await
            .ok()
            .items
            .is_empty(),
        "not the group's"
    );

    let queue = app.client(&s.admin).site_reports(&[]).await.ok();
    let ids: Vec<_> = queue.items.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![of_user.id, of_message.id], "newest first");
    assert_eq!(queue.items[1].message_text.as_deref(), Some("you again"));
    assert_eq!(queue.items[1].group_id, None);

    // Others cannot read or settle the site's queue.
    let refused = app.client(&s.owner).site_reports(&[]).await;
    assert_eq!(refused.code(), "admin_only");
    let hidden = app
        .client(&s.moderator)
        .resolve_report(of_message.id, "dismissed", "")
        .await;
    assert_eq!(hidden.status, 404);

    let settled = app
        .client(&s.admin)
        .resolve_report(of_user.id, "dismissed", "not an impersonation")
        .await;
    assert_eq!(settled.status, 200);
    let log = app
        .client(&s.admin)
        .site_audit_log(&[("action", "report_resolved".into())])
        .await
        .ok();
    assert_eq!(log.items.len(), 1);
    assert_eq!(log.items[0].actor.as_ref().map(|a| a.id), Some(s.admin.id));
    assert_eq!(log.items[0].details["outcome"], "not an impersonation");
    let open = app
        .client(&s.admin)
        .site_reports(&[("state", "open".into())])
        .await
        .ok();
    assert_eq!(open.items.len(), 1);
}

#[tokio::test]
async fn reports_are_rate_limited_per_reporter() {
    let app = TestApp::spawn_with(|s| {
        s.limits.enabled = true;
        s.limits.reports_per_user = confab_domain::settings::Rule {
            count: 2,
            window_secs: 3600,
        };
    })
    .await;
    let s = scene(&app).await;
    let mut answers = Vec::new();
    for who in [&s.dan, &s.eve, &s.owner] {
        let answer = app
            .client(&s.cat)
            .file_report(json!({"user_id": who.id, "reason": "spam"}))
            .await;
        answers.push(answer.status);
    }
    assert_eq!(answers, vec![201, 201, 429]);
    assert_eq!(app.client(&s.cat).my_reports().await.ok().items.len(), 2);
}
