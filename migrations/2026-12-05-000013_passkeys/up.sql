-- Passkeys (WebAuthn credentials), several per account. `passkey` is
-- webauthn-rs's record of the credential (its public key and signature
-- counter), updated after each use.
CREATE TABLE passkeys (
    id             uuid PRIMARY KEY,
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id  bytea NOT NULL UNIQUE,
    name           text NOT NULL,
    passkey        jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz
);
CREATE INDEX passkeys_user ON passkeys (user_id);
