//! Argon2id password hashing. Hashing is slow on purpose, so it runs on tokio's
//! blocking pool and never stalls the threads that serve requests.

use crate::error::{Error, Result};
use crate::settings::Argon2Settings;
use crate::users::Password;
use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use std::sync::{Arc, OnceLock};

#[derive(Clone)]
pub struct PasswordHasher {
    argon2: Arc<Argon2<'static>>,
}

impl PasswordHasher {
    pub fn new(settings: Argon2Settings) -> Result<Self> {
        let params = Params::new(
            settings.memory_kib,
            settings.iterations,
            settings.parallelism,
            None,
        )
        .map_err(|e| Error::internal(format!("bad argon2 parameters: {e}")))?;
        Ok(Self {
            argon2: Arc::new(Argon2::new(Algorithm::Argon2id, Version::V0x13, params)),
        })
    }

    pub async fn hash(&self, password: Password) -> Result<String> {
        let argon2 = self.argon2.clone();
        tokio::task::spawn_blocking(move || {
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
        tokio::task::spawn_blocking(move || {
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

    fn cheap() -> PasswordHasher {
        PasswordHasher::new(Argon2Settings {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        })
        .unwrap()
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
