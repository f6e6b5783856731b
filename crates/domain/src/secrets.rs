//! Secrets we hand out (refresh tokens, access tokens, webhook URLs, mailed
//! links) are stored only as their SHA-256: a leaked table gives nobody a
//! working secret. They carry 256 random bits, so no slow hash is needed.

use sha2::{Digest, Sha256};

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether `token` hashes to `stored`, compared in constant time (a timing
/// difference must not tell how much of a guess was right).
pub fn hash_matches(token: &str, stored: &[u8]) -> bool {
    let given = hash(token);
    given.len() == stored.len()
        && given
            .iter()
            .zip(stored)
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
