//! Conversation member lists, cached briefly per gateway process: typing
//! notices (one every two seconds per typing socket and conversation) would
//! otherwise load the list from Postgres each time. A list may be a few
//! seconds old; typing notices are ephemeral, and who may *send* one is
//! checked against the database every time (`access::may_write`).

use confab_domain::access;
use diesel_async::AsyncPgConnection;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a loaded member list is used.
const FRESH_FOR: Duration = Duration::from_secs(5);
/// Lists kept at most; past it the cache starts over.
const CAPACITY: usize = 10_000;

/// A member list and when it was loaded.
type Loaded = (Instant, Arc<Vec<Uuid>>);

#[derive(Default)]
pub struct MemberCache {
    lists: Mutex<HashMap<Uuid, Loaded>>,
}

impl MemberCache {
    pub async fn get(
        &self,
        conn: &mut AsyncPgConnection,
        conversation: Uuid,
    ) -> confab_domain::Result<Arc<Vec<Uuid>>> {
        if let Some((at, list)) = self.lists.lock().expect("cache lock").get(&conversation)
            && at.elapsed() < FRESH_FOR
        {
            metrics::counter!("gateway_member_cache_hits_total").increment(1);
            return Ok(list.clone());
        }
        let list = Arc::new(access::member_ids(conn, conversation).await?);
        let mut lists = self.lists.lock().expect("cache lock");
        if lists.len() >= CAPACITY {
            lists.clear();
        }
        lists.insert(conversation, (Instant::now(), list.clone()));
        Ok(list)
    }
}
