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
        let signer = VapidSignatureBuilder::from_base64_no_sub(private_key).map_err(|e| {
            Error::internal(format!("push.vapid_private_key is not a P-256 key: {e}"))
        })?;
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

/// A new key pair, `(private, public)`, base64url without padding.
pub fn generate_keys() -> Result<(String, String)> {
    let (pair, _) = ece::generate_keypair_and_auth_secret()
        .map_err(|e| Error::internal(format!("key generation: {e}")))?;
    let components = pair
        .raw_components()
        .map_err(|e| Error::internal(format!("key generation: {e}")))?;
    Ok((
        base64url(components.private_key()),
        base64url(components.public_key()),
    ))
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
}
