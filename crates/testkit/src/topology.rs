//! The topology run (`scripts/topology-test`, `CONFAB_TEST_TOPOLOGY=1`): every
//! story's app is two API processes and three gateways, as behind Nginx.
//!
//! The second API is the real `confab-api` binary. Both relay with two shards,
//! so each process publishes half the partitions: the events a story causes
//! are published partly by the process that did not write them. Reads (GET)
//! take turns between the two, as Nginx would send them; writes go to the
//! in-process API, whose settings the story may have changed in ways the
//! child's environment does not carry (hashing cost, mail, limit rules).

use crate::database::TestDatabase;
use confab_domain::Settings;
use secrecy::ExposeSecret;

/// Gateways each story's app runs (its `spawn_gateway` calls take turns).
pub(crate) const GATEWAYS: usize = 3;
/// Relay shards: one for each API process.
const RELAY_SHARDS: u16 = 2;

/// Whether this is the topology run.
pub(crate) fn enabled() -> bool {
    std::env::var("CONFAB_TEST_TOPOLOGY").is_ok_and(|v| v == "1")
}

/// Whether a story's app takes part: it runs on the run's own Postgres and
/// Redis, and left the relay's shards alone. Stories on servers of their own
/// (a private Redis they restart, a Postgres pair they pause) or that start
/// their own second API (the relay-shard stories, the fault run) keep the
/// processes they set up.
pub(crate) fn applies(settings: &Settings, database: &TestDatabase, default_shards: u16) -> bool {
    let run_cluster = crate::redis_cluster_urls();
    let same_cluster = settings.redis.cluster_urls.len() == run_cluster.len()
        && settings
            .redis
            .cluster_urls
            .iter()
            .zip(&run_cluster)
            .all(|(a, b)| a.expose_secret() == b.expose_secret());
    enabled()
        && database.is_on_run_server()
        && settings.redis.url.expose_secret() == crate::redis_url()
        && same_cluster
        && settings.events.relay_shards == default_shards
}

/// Notes a process the topology gave a story in the file the run names
/// (`CONFAB_TEST_TOPOLOGY_RECORD`), one line each, for the run's summary.
pub(crate) fn record(what: &str) {
    use std::io::Write;
    let Some(path) = std::env::var_os("CONFAB_TEST_TOPOLOGY_RECORD") else {
        return;
    };
    // One short append per line: lines from stories running at once do not mix.
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = file.write_all(format!("{what}\n").as_bytes());
    }
}

/// The relay's shards for an app that takes part.
pub(crate) fn share_the_relay(settings: &mut Settings) {
    settings.events.relay_shards = RELAY_SHARDS;
}
