//! Per-socket flood control: a token bucket. Frames beyond it are dropped with a
//! warning; a client that keeps going is disconnected.

use std::time::Instant;

pub struct FloodGuard {
    tokens: f64,
    rate: f64,
    burst: f64,
    dropped: u32,
    max_dropped: u32,
    last: Instant,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// Drop this frame; warn the client the first time.
    Drop {
        warn: bool,
    },
    /// Close the socket.
    Disconnect,
}

impl FloodGuard {
    pub fn new(rate_per_sec: f64, burst: f64, max_dropped: u32) -> Self {
        Self {
            tokens: burst,
            rate: rate_per_sec,
            burst,
            dropped: 0,
            max_dropped,
            last: Instant::now(),
        }
    }

    pub fn check(&mut self, now: Instant) -> Verdict {
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            if self.tokens >= self.burst - 1.0 {
                self.dropped = 0;
            }
            return Verdict::Allow;
        }
        self.dropped += 1;
        if self.dropped > self.max_dropped {
            Verdict::Disconnect
        } else {
            Verdict::Drop {
                warn: self.dropped == 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_passes_then_frames_drop_then_the_socket_is_closed() {
        let start = Instant::now();
        let mut guard = FloodGuard::new(10.0, 5.0, 3);
        for _ in 0..5 {
            assert_eq!(guard.check(start), Verdict::Allow);
        }
        assert_eq!(guard.check(start), Verdict::Drop { warn: true });
        assert_eq!(guard.check(start), Verdict::Drop { warn: false });
        assert_eq!(guard.check(start), Verdict::Drop { warn: false });
        assert_eq!(guard.check(start), Verdict::Disconnect);
    }

    #[test]
    fn a_steady_client_is_never_limited() {
        let start = Instant::now();
        let mut guard = FloodGuard::new(10.0, 5.0, 3);
        for i in 0..1000 {
            assert_eq!(
                guard.check(start + Duration::from_millis(100 * i)),
                Verdict::Allow
            );
        }
    }
}
