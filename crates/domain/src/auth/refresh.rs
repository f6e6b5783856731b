//! Refresh tokens: opaque random strings, stored only as SHA-256 hashes, each
//! usable once.

pub use crate::secrets::{hash, hash_matches};

/// A fresh token to hand to the client, and the hash to store.
pub fn generate() -> (String, Vec<u8>) {
    let bytes: [u8; 32] = rand::random();
    let token = hex::encode(bytes);
    let hash = hash(&token);
    (token, hash)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_random_and_hash_stably() {
        let (a, ha) = super::generate();
        let (b, _) = super::generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(super::hash(&a), ha);
    }
}
