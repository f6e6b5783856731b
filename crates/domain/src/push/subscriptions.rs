//! A browser's push subscription: its push service endpoint and the keys its
//! pushes are encrypted for. Each belongs to the login that made it (ending
//! the login deletes it); an endpoint is one browser's, so subscribing again,
//! from any account, takes it over.

use crate::error::{Error, ErrorCode, Result};
use crate::schema::push_subscriptions;
use base64::Engine;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A subscription as the API shows it (the keys stay private).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PushSubscription {
    pub id: Uuid,
    pub endpoint: String,
    pub created_at: DateTime<Utc>,
}

fn key_of_length(encoded: &str, length: usize) -> bool {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .is_ok_and(|bytes| bytes.len() == length && (length != 65 || bytes[0] == 4))
}

/// Records (or takes over) the browser's subscription for `me`'s login
/// `session`. The endpoint is checked by the caller with the fetcher's rules.
pub async fn subscribe(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    session: Uuid,
    endpoint: &url::Url,
    p256dh: &str,
    auth: &str,
) -> Result<PushSubscription> {
    if !key_of_length(p256dh, 65) || !key_of_length(auth, 16) {
        return Err(Error::new(
            ErrorCode::InvalidPushSubscription,
            "keys.p256dh must be an uncompressed P-256 point and keys.auth 16 bytes, base64url",
        ));
    }
    let (id, endpoint, created_at) = diesel::insert_into(push_subscriptions::table)
        .values((
            push_subscriptions::id.eq(Uuid::now_v7()),
            push_subscriptions::user_id.eq(me),
            push_subscriptions::session_id.eq(session),
            push_subscriptions::endpoint.eq(endpoint.as_str()),
            push_subscriptions::p256dh.eq(p256dh),
            push_subscriptions::auth.eq(auth),
        ))
        .on_conflict(push_subscriptions::endpoint)
        .do_update()
        .set((
            push_subscriptions::user_id.eq(excluded(push_subscriptions::user_id)),
            push_subscriptions::session_id.eq(excluded(push_subscriptions::session_id)),
            push_subscriptions::p256dh.eq(excluded(push_subscriptions::p256dh)),
            push_subscriptions::auth.eq(excluded(push_subscriptions::auth)),
        ))
        .returning((
            push_subscriptions::id,
            push_subscriptions::endpoint,
            push_subscriptions::created_at,
        ))
        .get_result::<(Uuid, String, DateTime<Utc>)>(conn)
        .await?;
    Ok(PushSubscription {
        id,
        endpoint,
        created_at,
    })
}

/// Removes `me`'s subscription with this endpoint (the browser unsubscribed).
pub async fn unsubscribe(conn: &mut AsyncPgConnection, me: Uuid, endpoint: &str) -> Result<()> {
    let removed = diesel::delete(
        push_subscriptions::table
            .filter(push_subscriptions::user_id.eq(me))
            .filter(push_subscriptions::endpoint.eq(endpoint)),
    )
    .execute(conn)
    .await?;
    if removed == 0 {
        return Err(Error::not_found("push subscription"));
    }
    Ok(())
}
