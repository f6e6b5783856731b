//! Prometheus metrics. One recorder per process (the `metrics` facade is global),
//! installed on first use; `/metrics` renders it.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the recorder if needed and returns the handle that renders it.
pub fn handle() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ])
                .expect("bucket list is not empty")
                // The relay's stages take milliseconds; the default buckets
                // would put them all in the first two.
                .set_buckets_for_metric(
                    Matcher::Prefix("outbox_".into()),
                    &[
                        0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05,
                        0.1, 0.25, 1.0,
                    ],
                )
                .expect("bucket list is not empty")
                .build_recorder();
            let handle = recorder.handle();
            // Fails only if another recorder is installed; the handle still renders ours.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// Series every process exports from its start, at zero. Alerts and
/// dashboards then see each one before its first event: `rate()` cannot see
/// a counter's first increase, and an absent series matches no alert. Labels
/// are listed where their values are a fixed set; the rest (routes, rate-limit
/// rules) appear with their first use.
const SHARED_COUNTERS: &[&str] = &[
    "revocation_checks_skipped_total",
    "revocations_unrecorded_total",
];

const API_COUNTERS: &[&str] = &[
    "outbox_events_published_total",
    "outbox_events_replayed_total",
    "outbox_publish_failures_total",
    "outbox_unreplayable_gaps_total",
    "password_hashes_refused_total",
    "mails_sent_total",
    "mails_failed_total",
    "media_uploaded_bytes_total",
    "link_previews_dropped_total",
];
const API_LABELLED_COUNTERS: &[(&str, &str, &[&str])] = &[
    (
        "push_deliveries_total",
        "outcome",
        &crate::push::deliver::OUTCOME_LABELS,
    ),
    (
        "webhook_deliveries_total",
        "outcome",
        &crate::webhooks::deliver::OUTCOME_LABELS,
    ),
    (
        "media_processed_total",
        "status",
        &crate::media::PROCESSED_STATUSES,
    ),
    ("db_reads_total", "target", &["primary", "replica"]),
];
const API_GAUGES: &[&str] = &[
    "outbox_backlog_events",
    "outbox_relay_leading",
    "outbox_relay_shards_led",
];
const API_HISTOGRAMS: &[&str] = &[
    "outbox_event_wait_seconds",
    "outbox_number_seconds",
    "outbox_publish_seconds",
    "outbox_vacuum_seconds",
    "message_send_batch_size",
];

const GATEWAY_COUNTERS: &[&str] = &[
    "gateway_deliveries_total",
    "gateway_identifies_total",
    "gateway_member_cache_hits_total",
    "gateway_resumed_events_total",
    "gateway_revoked_sockets_total",
    "gateway_slow_consumers_total",
];
const GATEWAY_LABELLED_COUNTERS: &[(&str, &str, &[&str])] =
    &[("gateway_refused_sockets_total", "cap", &["user", "address"])];
const GATEWAY_GAUGES: &[&str] = &["gateway_connections", "gateway_identified_connections"];
const GATEWAY_HISTOGRAMS: &[&str] = &["gateway_presence_batch_size"];

/// Which process is starting.
#[derive(Clone, Copy)]
pub enum Process {
    Api,
    Gateway,
}

/// Installs the recorder and registers the process's series at zero.
pub fn start(process: Process) {
    handle();
    let (counters, labelled, gauges, histograms) = match process {
        Process::Api => (
            API_COUNTERS,
            API_LABELLED_COUNTERS,
            API_GAUGES,
            API_HISTOGRAMS,
        ),
        Process::Gateway => (
            GATEWAY_COUNTERS,
            GATEWAY_LABELLED_COUNTERS,
            GATEWAY_GAUGES,
            GATEWAY_HISTOGRAMS,
        ),
    };
    for &name in SHARED_COUNTERS.iter().chain(counters) {
        metrics::counter!(name).increment(0);
    }
    for &(name, label, values) in labelled {
        for &value in values {
            metrics::counter!(name, label => value).increment(0);
        }
    }
    for &name in gauges {
        metrics::gauge!(name).increment(0.0);
    }
    for &name in histograms {
        // Registering is enough: it renders with empty buckets.
        let _ = metrics::histogram!(name);
    }
}
