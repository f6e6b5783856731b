//! A service's life as systemd (a `Type=notify` unit) sees it: READY=1 once it
//! listens, STOPPING=1 as soon as a stop signal arrives. Notifying does nothing
//! when not run by systemd (`NOTIFY_SOCKET` unset).

use sd_notify::NotifyState;
use tokio::signal::unix::{Signal, SignalKind, signal};

/// The service is listening and ready for traffic.
pub fn notify_ready() {
    if let Err(e) = sd_notify::notify(&[NotifyState::Ready]) {
        tracing::warn!(error = %e, "could not notify systemd of readiness");
    }
}

/// SIGTERM and SIGINT, listened for from the moment this is made: install it
/// before notifying readiness, so a stop that arrives while the service starts
/// is not lost (nor ignored: once a handler exists, the default action is gone).
pub struct StopSignal {
    term: Signal,
    int: Signal,
}

impl StopSignal {
    pub fn install() -> std::io::Result<Self> {
        Ok(Self {
            term: signal(SignalKind::terminate())?,
            int: signal(SignalKind::interrupt())?,
        })
    }

    /// Waits for SIGTERM or SIGINT, then tells systemd the service is stopping.
    pub async fn wait(mut self) {
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
        if let Err(e) = sd_notify::notify(&[NotifyState::Stopping]) {
            tracing::warn!(error = %e, "could not notify systemd of stopping");
        }
    }
}
