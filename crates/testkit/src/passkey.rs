//! A software authenticator for the stories: it answers WebAuthn options the
//! way a browser and a platform authenticator would (ES256 key, "none"
//! attestation, user verified, a discoverable credential), so the server's
//! real verification (webauthn-rs) runs against real signatures. It is also
//! the attacker's tool: answers can be sent for another origin, tampered
//! with, or replayed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// One authenticator holding one credential (after `register`).
pub struct SoftPasskey {
    key: SigningKey,
    credential_id: Vec<u8>,
    /// The account's WebAuthn user handle, kept for discoverable logins.
    user_handle: Option<String>,
    rp_id: Option<String>,
    counter: u32,
}

const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
const ATTESTED_DATA: u8 = 0x40;

impl Default for SoftPasskey {
    fn default() -> Self {
        Self::new()
    }
}

impl SoftPasskey {
    pub fn new() -> Self {
        let key = loop {
            let bytes: [u8; 32] = rand::random();
            if let Ok(key) = SigningKey::from_bytes(&bytes.into()) {
                break key;
            }
        };
        Self {
            key,
            credential_id: rand::random::<[u8; 32]>().to_vec(),
            user_handle: None,
            rp_id: None,
            counter: 0,
        }
    }

    /// The credential id, base64url (as `id` in answers).
    pub fn credential_id(&self) -> String {
        B64.encode(&self.credential_id)
    }

    /// Answers `navigator.credentials.create()` options (the server's
    /// `{"publicKey": {...}}`) as a page at `origin` would.
    pub fn register(&mut self, options: &Value, origin: &str) -> Value {
        let public_key = &options["publicKey"];
        let rp_id = public_key["rp"]["id"].as_str().expect("rp.id").to_owned();
        self.user_handle = Some(
            public_key["user"]["id"]
                .as_str()
                .expect("user.id")
                .to_owned(),
        );
        let client_data = client_data("webauthn.create", public_key, origin);
        let mut auth_data = self.auth_data(&rp_id, USER_PRESENT | USER_VERIFIED | ATTESTED_DATA);
        auth_data.extend_from_slice(&[0u8; 16]); // AAGUID: none
        auth_data.extend_from_slice(&(self.credential_id.len() as u16).to_be_bytes());
        auth_data.extend_from_slice(&self.credential_id);
        auth_data.extend_from_slice(&self.cose_key());
        self.rp_id = Some(rp_id);
        let attestation = cbor(&ciborium::Value::Map(vec![
            (text("fmt"), text("none")),
            (text("attStmt"), ciborium::Value::Map(vec![])),
            (text("authData"), ciborium::Value::Bytes(auth_data)),
        ]));
        json!({
            "id": self.credential_id(),
            "rawId": self.credential_id(),
            "type": "public-key",
            "response": {
                "attestationObject": B64.encode(attestation),
                "clientDataJSON": B64.encode(client_data),
                "transports": ["internal"],
            },
            "extensions": {},
        })
    }

    /// Answers `navigator.credentials.get()` options as a page at `origin`
    /// would, with this credential.
    pub fn authenticate(&mut self, options: &Value, origin: &str) -> Value {
        let public_key = &options["publicKey"];
        let rp_id = public_key["rpId"].as_str().expect("rpId").to_owned();
        let client_data = client_data("webauthn.get", public_key, origin);
        let auth_data = self.auth_data(&rp_id, USER_PRESENT | USER_VERIFIED);
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&Sha256::digest(&client_data));
        let signature: DerSignature = self.key.sign(&signed);
        json!({
            "id": self.credential_id(),
            "rawId": self.credential_id(),
            "type": "public-key",
            "response": {
                "authenticatorData": B64.encode(auth_data),
                "clientDataJSON": B64.encode(client_data),
                "signature": B64.encode(signature.as_bytes()),
                "userHandle": self.user_handle,
            },
            "extensions": {},
        })
    }

    fn auth_data(&mut self, rp_id: &str, flags: u8) -> Vec<u8> {
        self.counter += 1;
        let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend_from_slice(&self.counter.to_be_bytes());
        data
    }

    /// The public key as COSE_Key (EC2, P-256, ES256).
    fn cose_key(&self) -> Vec<u8> {
        let point = self.key.verifying_key().to_encoded_point(false);
        let int = |i: i64| ciborium::Value::Integer(i.into());
        cbor(&ciborium::Value::Map(vec![
            (int(1), int(2)),
            (int(3), int(-7)),
            (int(-1), int(1)),
            (
                int(-2),
                ciborium::Value::Bytes(point.x().expect("x").to_vec()),
            ),
            (
                int(-3),
                ciborium::Value::Bytes(point.y().expect("y").to_vec()),
            ),
        ]))
    }
}

fn client_data(kind: &str, public_key: &Value, origin: &str) -> Vec<u8> {
    json!({
        "type": kind,
        "challenge": public_key["challenge"].as_str().expect("challenge"),
        "origin": origin,
        "crossOrigin": false,
    })
    .to_string()
    .into_bytes()
}

fn text(s: &str) -> ciborium::Value {
    ciborium::Value::Text(s.to_owned())
}

fn cbor(value: &ciborium::Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).expect("CBOR");
    out
}
