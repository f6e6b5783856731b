//! Waits between retries of deliveries to other servers (webhooks, pushes):
//! the base, then doubling, up to a maximum.

use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
}

impl Backoff {
    /// The wait after the `attempt`-th failure: base, 2×base, 4×base, ... up to the maximum.
    pub fn after(&self, attempt: i32) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1))
            .unwrap_or(0)
            .min(30);
        self.base.saturating_mul(1u32 << doublings).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_maximum() {
        let b = Backoff {
            base: Duration::from_secs(10),
            max: Duration::from_secs(3600),
        };
        let waits: Vec<u64> = (1..=11).map(|n| b.after(n).as_secs()).collect();
        assert_eq!(
            waits,
            [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
        );
        assert_eq!(b.after(i32::MAX), Duration::from_secs(3600));
        assert_eq!(b.after(0), Duration::from_secs(10));
    }
}
