//! Site administration: the operator grants the flag from the command line;
//! an administrator disables an account, whose sockets close and whose logins
//! are refused until it is enabled again; every step is in the site audit
//! log; nobody else may do any of it.

use confab_testkit::{TestApp, TestUser, WsClient, ws::Ended};
use serde_json::json;
use std::time::Duration;

/// The close code of a socket whose login ended.
const LOGIN_ENDED: u16 = 4004;

async fn identified(ws: &str, user: &TestUser) -> WsClient {
    let mut client = WsClient::connect(ws).await;
    client.identify(&user.access_token).await;
    client
}

#[tokio::test]
async fn a_disabled_accounts_sockets_close_and_its_logins_are_refused() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let admin = app.signup(&TestApp::username("zed")).await;
    let dan = app.signup(&TestApp::username("dan")).await;
    let ann = app.signup(&TestApp::username("ann")).await;
    assert!(!app.client(&admin).me().await.ok().site_admin);
    app.make_site_admin(&admin);
    assert!(app.client(&admin).me().await.ok().site_admin);

    let mut dans_tab = identified(&ws, &dan).await;
    let dans_phone = app.login_again(&dan).await;
    let mut anns_tab = identified(&ws, &ann).await;

    // Nobody else may; an administrator may not disable themselves.
    let by_ann = app.client(&ann).disable_account(dan.id, "spam").await;
    assert_eq!(by_ann.code(), "admin_only");
    let self_disable = app.client(&admin).disable_account(admin.id, "oops").await;
    assert_eq!(self_disable.code(), "cannot_disable_self");
    let no_reason = app.client(&admin).disable_account(dan.id, " ").await;
    assert_eq!(no_reason.code(), "invalid_reason");

    let disabled = app.client(&admin).disable_account(dan.id, "spam bot").await;
    assert_eq!(disabled.status, 200);
    let disabled = disabled.ok();
    assert!(disabled.disabled_at.is_some());
    assert_eq!(disabled.disabled_reason.as_deref(), Some("spam bot"));

    // Dan's socket closes at once; Ann's stays.
    assert_eq!(
        dans_tab.ended(Duration::from_secs(2)).await,
        Ended::Closed(Some(LOGIN_ENDED))
    );
    anns_tab.send_json(json!({"op": "ping"})).await;
    assert_eq!(anns_tab.recv_reply().await["op"], "pong");
    // Every login of his is over, and no way back in says why.
    for token in [&dan.access_token, &dans_phone.access_token] {
        let me = app.client_with_token(token).me().await;
        assert_eq!(me.code(), "session_revoked");
    }
    let refreshed = app.anonymous().refresh(&dans_phone.refresh_token).await;
    assert_eq!(refreshed.code(), "account_disabled");
    let login = app.anonymous().login(&dan.username, &dan.password).await;
    assert_eq!(login.status, 403);
    assert_eq!(login.code(), "account_disabled");
    let wrong = app
        .anonymous()
        .login(&dan.username, "not-his-password")
        .await;
    assert_eq!(
        wrong.code(),
        "invalid_credentials",
        "strangers learn nothing"
    );

    // The admin finds him as disabled.
    let found = app
        .client(&admin)
        .admin_users(&[
            ("q", dan.username[..5].to_owned()),
            ("disabled", "true".into()),
        ])
        .await
        .ok();
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].profile.id, dan.id);
    assert_eq!(app.client(&ann).admin_users(&[]).await.code(), "admin_only");

    let enabled = app
        .client(&admin)
        .enable_account(dan.id, "appeal accepted")
        .await;
    assert_eq!(enabled.status, 200);
    assert!(enabled.ok().disabled_at.is_none());
    let back = app.anonymous().login(&dan.username, &dan.password).await;
    assert_eq!(back.status, 200);

    // The site audit log, newest first: the grant (from the command line,
    // no actor), the disable and the enable, with reasons.
    let log = app.client(&admin).site_audit_log(&[]).await.ok();
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["account_enabled", "account_disabled", "admin_granted"]
    );
    assert_eq!(log.items[1].reason.as_deref(), Some("spam bot"));
    assert_eq!(
        log.items[1].target_user.as_ref().map(|u| u.id),
        Some(dan.id)
    );
    assert_eq!(log.items[1].actor.as_ref().map(|u| u.id), Some(admin.id));
    assert!(log.items[2].actor.is_none());
    assert_eq!(
        app.client(&ann).site_audit_log(&[]).await.code(),
        "admin_only"
    );
}

#[tokio::test]
async fn an_administrator_sees_every_group_and_deletes_one_with_a_reason() {
    let mut app = TestApp::spawn().await;
    let ws = app.spawn_gateway().await;
    let admin = app.signup(&TestApp::username("zed")).await;
    app.make_site_admin(&admin);
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    let hidden = app.create_group(&ann, "private").await;
    let open = app.create_group(&ann, "public").await;
    app.join_group(&bob, &open).await;
    app.say(&bob, open.conversation_id, "hello").await;
    let mut bobs = identified(&ws, &bob).await;

    let listed = app.client(&admin).admin_groups(&[]).await.ok();
    let ids: Vec<_> = listed.items.iter().map(|g| g.group.id).collect();
    assert_eq!(
        ids,
        vec![open.id, hidden.id],
        "private ones too, newest first"
    );
    assert_eq!(listed.items[0].owner.as_ref().map(|o| o.id), Some(ann.id));
    assert_eq!(listed.items[0].group.member_count, 2);
    assert_eq!(
        app.client(&ann).admin_groups(&[]).await.code(),
        "admin_only"
    );

    let stats = app.client(&admin).instance_stats().await.ok();
    assert_eq!(stats.users, 3);
    assert_eq!(stats.groups, 2);
    assert_eq!(stats.users_online, 1, "Bob's socket");
    assert_eq!(stats.messages_per_day.len(), 14);
    assert_eq!(stats.messages_per_day.last().unwrap().messages, 1);
    assert_eq!(app.client(&bob).instance_stats().await.code(), "admin_only");

    let unexplained = app.client(&admin).admin_delete_group(open.id).await;
    assert_eq!(unexplained.code(), "invalid_reason");
    let by_owner_as_admin = app
        .client(&ann)
        .because("mine")
        .admin_delete_group(open.id)
        .await;
    assert_eq!(by_owner_as_admin.code(), "admin_only");
    let deleted = app
        .client(&admin)
        .because("spam ring")
        .admin_delete_group(open.id)
        .await;
    assert_eq!(deleted.status, 204);
    let event = bobs.next_event_of("group.deleted").await;
    assert_eq!(event["data"]["id"], open.id.to_string());
    assert_eq!(app.client(&ann).group(open.id).await.status, 404);

    let log = app
        .client(&admin)
        .site_audit_log(&[("action", "group_deleted".into())])
        .await
        .ok();
    assert_eq!(log.items.len(), 1);
    assert_eq!(log.items[0].target_group_id, Some(open.id));
    assert_eq!(log.items[0].reason.as_deref(), Some("spam ring"));
    assert!(log.items[0].details["name"].is_string());
}
