//! The user's authenticator app, as a story holds it: the codes a phone
//! would show, now or a few steps away.

use std::time::{Duration, SystemTime, UNIX_EPOCH};
use totp_rs::{Algorithm, Secret, TOTP};

pub struct App(TOTP);

impl App {
    /// The app set up with the secret `POST .../totp/setup` answered.
    pub fn new(secret: &str) -> Self {
        let bytes = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
        Self(TOTP::new(Algorithm::SHA1, 6, 0, 30, bytes, None, "test".into()).unwrap())
    }

    /// The code `steps` time steps (30 s each) from now.
    pub fn code(&self, steps: i64) -> String {
        self.0.generate((now() as i64 + steps * 30) as u64)
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Waits out the last seconds of a time step, so "now" stays one step while
/// a story sends its codes.
pub async fn fresh_step() {
    let into = now() % 30;
    if into > 22 {
        tokio::time::sleep(Duration::from_secs(31 - into)).await;
    }
}
