//! Argon2id password hashing. Hashing is slow on purpose, so it runs on tokio's
//! blocking pool and never stalls the threads that serve requests. Each hash
//! takes `memory_kib` (19 MiB by default) and a core, so only a few run at
//! once ([`HashSlots`]): a login storm queues briefly, then gets 503 `busy`,
//! instead of taking the machine's memory.

use crate::error::{Error, Result};
use crate::settings::{Argon2Settings, AuthSettings};
use crate::users::Password;
use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Clone)]
pub struct PasswordHasher {
    argon2: Arc<Argon2<'static>>,
    slots: HashSlots,
}

/// The cap on hashes running at once, with a short, bounded queue.
#[derive(Clone)]
struct HashSlots {
    running: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    queue: usize,
    wait: Duration,
}

impl HashSlots {
    fn new(settings: &AuthSettings) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let slots = match settings.max_concurrent_hashes {
            0 => cores,
            n => n,
        };
        Self {
            running: Arc::new(Semaphore::new(slots)),
            waiting: Arc::new(AtomicUsize::new(0)),
            queue: settings.hash_queue,
            wait: Duration::from_millis(settings.hash_wait_ms),
        }
    }

    async fn take(&self) -> Result<OwnedSemaphorePermit> {
        if let Ok(permit) = self.running.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(busy());
        }
        let permit = tokio::time::timeout(self.wait, self.running.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        match permit {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(busy()),
        }
    }
}

fn busy() -> Error {
    metrics::counter!("password_hashes_refused_total").increment(1);
    Error::Busy
}

impl PasswordHasher {
    pub fn new(settings: &AuthSettings) -> Result<Self> {
        let Argon2Settings {
            memory_kib,
            iterations,
            parallelism,
        } = settings.argon2;
        let params = Params::new(memory_kib, iterations, parallelism, None)
            .map_err(|e| Error::internal(format!("bad argon2 parameters: {e}")))?;
        Ok(Self {
            argon2: Arc::new(Argon2::new(Algorithm::Argon2id, Version::V0x13, params)),
            slots: HashSlots::new(settings),
        })
    }

    pub async fn hash(&self, password: Password) -> Result<String> {
        let argon2 = self.argon2.clone();
        let slot = self.slots.take().await?;
        tokio::task::spawn_blocking(move || {
            let _slot = slot;
            argon2
                .hash_password(password.expose().as_bytes())
                .map(|hash| hash.to_string())
                .map_err(|e| Error::internal(format!("hashing failed: {e}")))
        })
        .await
        .map_err(Error::internal)?
    }

    /// Checks `password` against `stored`; with no stored hash (unknown user) it still
    /// spends the same time on a dummy hash, so timing does not tell whether a
    /// username exists.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> Result<bool> {
        let argon2 = self.argon2.clone();
        let password = password.to_owned();
        let stored = stored.map(str::to_owned);
        let dummy = self.dummy_hash().to_owned();
        let slot = self.slots.take().await?;
        tokio::task::spawn_blocking(move || {
            let _slot = slot;
            let (hash, real) = match stored {
                Some(s) => (s, true),
                None => (dummy, false),
            };
            let parsed = PasswordHash::new(&hash)
                .map_err(|e| Error::internal(format!("stored hash unreadable: {e}")))?;
            let ok = argon2.verify_password(password.as_bytes(), &parsed).is_ok();
            Ok(ok && real)
        })
        .await
        .map_err(Error::internal)?
    }

    fn dummy_hash(&self) -> &'static str {
        static DUMMY: OnceLock<String> = OnceLock::new();
        DUMMY.get_or_init(|| {
            self.argon2
                .hash_password(b"not-a-real-password")
                .expect("hashing a constant succeeds")
                .to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> AuthSettings {
        let mut auth = crate::Settings::defaults().auth;
        auth.argon2 = Argon2Settings {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        };
        auth
    }

    fn cheap() -> PasswordHasher {
        PasswordHasher::new(&settings()).unwrap()
    }

    #[tokio::test]
    async fn hashes_past_the_slots_and_the_queue_are_refused_at_once() {
        let mut auth = settings();
        auth.max_concurrent_hashes = 1;
        auth.hash_queue = 0;
        let hasher = PasswordHasher::new(&auth).unwrap();
        let held = hasher.slots.take().await.unwrap();
        let started = std::time::Instant::now();
        let refused = hasher.verify("x", None).await.unwrap_err();
        assert_eq!(refused.code(), "busy");
        assert!(started.elapsed() < Duration::from_millis(100));
        drop(held);
        assert!(!hasher.verify("x", None).await.unwrap());
    }

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_do_not() {
        let hasher = cheap();
        let hash = hasher
            .hash(Password::parse("correct horse".into()).unwrap())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(hasher.verify("correct horse", Some(&hash)).await.unwrap());
        assert!(!hasher.verify("wrong horse", Some(&hash)).await.unwrap());
        assert!(!hasher.verify("correct horse", None).await.unwrap());
    }
}
