//! Presence announcements, written in batches. Identifies come in bursts (a
//! gateway restart reconnects everyone at once); one transaction per batch
//! keeps Postgres out of each handshake's way and off the hot path.

use confab_domain::presence::{self, Status};
use confab_domain::{Platform, write_tx};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// Most announcements written in one transaction.
const MAX_BATCH: usize = 512;

enum Job {
    Announce(presence::Announcement),
    /// Answered once everything queued before it is written.
    Flush(oneshot::Sender<()>),
}

#[derive(Clone)]
pub struct Announcer {
    jobs: mpsc::Sender<Job>,
}

impl Announcer {
    pub fn spawn(platform: Platform) -> Self {
        let (jobs, mut queue) = mpsc::channel::<Job>(16 * MAX_BATCH);
        tokio::spawn(async move {
            let mut jobs = Vec::with_capacity(MAX_BATCH);
            while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
                let mut batch = Vec::with_capacity(jobs.len());
                let mut flushes = Vec::new();
                for job in jobs.drain(..) {
                    match job {
                        Job::Announce(a) => batch.push(a),
                        Job::Flush(done) => flushes.push(done),
                    }
                }
                if !batch.is_empty() {
                    write(&platform, &batch).await;
                }
                for done in flushes {
                    let _ = done.send(());
                }
            }
        });
        Self { jobs }
    }

    /// Queues the `presence.updated` event of a user whose status changed.
    pub async fn announce(&self, user: Uuid, status: Status, version: i64) {
        let job = Job::Announce(presence::Announcement {
            user,
            status,
            version,
        });
        if self.jobs.send(job).await.is_err() {
            tracing::warn!("presence announcer stopped; change not announced");
        }
    }

    /// Waits until everything announced so far is written (before exiting).
    pub async fn flush(&self) {
        let (done, written) = oneshot::channel();
        if self.jobs.send(Job::Flush(done)).await.is_ok() {
            let _ = written.await;
        }
    }
}

/// Presence is best effort: a failed batch is logged, never fatal.
async fn write(platform: &Platform, batch: &[presence::Announcement]) {
    metrics::histogram!("gateway_presence_batch_size").record(batch.len() as f64);
    let written: confab_domain::Result<()> = async {
        write_tx!(platform, |c| presence::announce_all(c, batch).await);
        Ok(())
    }
    .await;
    if let Err(e) = written {
        tracing::warn!(error = %e, size = batch.len(), "presence events not written");
    }
}
