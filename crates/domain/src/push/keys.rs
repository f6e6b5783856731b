//! The server's VAPID key pair: it signs every push request, and browsers are
//! given its public half (`applicationServerKey`) when they subscribe.

use crate::error::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use web_push::{
    PartialVapidSignatureBuilder, SubscriptionInfo, VapidSignature, VapidSignatureBuilder,
};

#[derive(Clone)]
pub struct Vapid {
    signer: PartialVapidSignatureBuilder,
    public_key: String,
    subject: String,
}

impl Vapid {
    /// The key pair from settings; None when push is off (no key set).
    pub fn from_settings(
        private_key: &SecretString,
        subject: &str,
        public_url: &str,
    ) -> Result<Option<Self>> {
        let private_key = private_key.expose_secret().trim();
        if private_key.is_empty() {
            return Ok(None);
        }
        let not_a_key = |why: String| {
            Error::internal(format!("push.vapid_private_key is not a P-256 key: {why}"))
        };
        let scalar = p256_scalar(private_key).ok_or_else(|| not_a_key("not 32 bytes".into()))?;
        let signer = VapidSignatureBuilder::from_base64_no_sub(&base64url(&scalar))
            .map_err(|e| not_a_key(e.to_string()))?;
        let public_key = base64url(&signer.get_public_key());
        let subject = if subject.is_empty() {
            public_url.to_owned()
        } else {
            subject.to_owned()
        };
        Ok(Some(Self {
            signer,
            public_key,
            subject,
        }))
    }

    /// The public key browsers subscribe with, base64url without padding.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The `Authorization: vapid t=..., k=...` signature for one push.
    pub(crate) fn sign(&self, subscription: &SubscriptionInfo) -> Result<VapidSignature> {
        // The audience is the push service's origin, its port included when
        // not the scheme's default (the crate's own leaves any port out).
        let audience = url::Url::parse(&subscription.endpoint)
            .map_err(|e| Error::internal(format!("push endpoint: {e}")))?
            .origin()
            .ascii_serialization();
        let mut builder = self.signer.clone().add_sub_info(subscription);
        builder.add_claim("sub", self.subject.as_str());
        builder.add_claim("aud", audience.as_str());
        builder
            .build()
            .map_err(|e| Error::internal(format!("VAPID signature: {e}")))
    }
}

/// The 32-byte private scalar of a base64url key. Tools that write the
/// scalar as a number drop its leading zero bytes (one key in 256 is 31
/// bytes): those are put back. Any other length is no P-256 key (and the
/// signer would panic on it rather than refuse it).
fn p256_scalar(key: &str) -> Option<[u8; 32]> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(key.trim_end_matches('='))
        .ok()?;
    if bytes.is_empty() || bytes.len() > 32 {
        return None;
    }
    let mut scalar = [0u8; 32];
    scalar[32 - bytes.len()..].copy_from_slice(&bytes);
    Some(scalar)
}

/// A new key pair, `(private, public)`, base64url without padding.
pub fn generate_keys() -> Result<(String, String)> {
    let (pair, _) = ece::generate_keypair_and_auth_secret()
        .map_err(|e| Error::internal(format!("key generation: {e}")))?;
    let components = pair
        .raw_components()
        .map_err(|e| Error::internal(format!("key generation: {e}")))?;
    let private = p256_scalar(&base64url(components.private_key()))
        .ok_or_else(|| Error::internal("key generation: not a P-256 scalar"))?;
    Ok((base64url(&private), base64url(components.public_key())))
}

pub(crate) fn base64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_sign_and_publish_the_same_public_key() {
        let (private, public) = generate_keys().unwrap();
        let vapid = Vapid::from_settings(&private.into(), "", "https://chat.example.org")
            .unwrap()
            .unwrap();
        assert_eq!(vapid.public_key(), public);
        assert_eq!(public.len(), 87, "65 bytes, uncompressed P-256 point");
        assert!(
            Vapid::from_settings(&String::new().into(), "", "x")
                .unwrap()
                .is_none()
        );
        assert!(Vapid::from_settings(&"not-a-key".to_owned().into(), "", "x").is_err());
    }

    fn decoded(key: &str) -> Vec<u8> {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(key)
            .unwrap()
    }

    /// One scalar in 256 starts with a zero byte; written without it, the
    /// key was 31 bytes and the signer panicked on it (seen in CI).
    #[test]
    fn every_generated_private_key_is_32_bytes() {
        for _ in 0..3000 {
            let (private, _) = generate_keys().unwrap();
            assert_eq!(decoded(&private).len(), 32, "{private}");
        }
    }

    #[test]
    fn a_key_written_without_its_leading_zero_bytes_is_the_same_key() {
        let mut scalar = [7u8; 32];
        scalar[0] = 0;
        let whole = base64url(&scalar);
        let short = base64url(&scalar[1..]);
        let from = |key: &str| {
            Vapid::from_settings(&key.to_owned().into(), "", "https://chat.example.org")
                .unwrap()
                .unwrap()
                .public_key()
                .to_owned()
        };
        assert_eq!(from(&short), from(&whole));
    }

    #[test]
    fn a_key_of_the_wrong_length_is_refused_not_a_panic() {
        for len in [33usize, 64] {
            let key = base64url(&vec![1u8; len]);
            assert!(
                Vapid::from_settings(&key.into(), "", "x").is_err(),
                "{len} bytes"
            );
        }
    }
}
