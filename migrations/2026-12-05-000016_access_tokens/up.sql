-- Personal access tokens: named, scoped, optionally expiring credentials for
-- the user's own code. Only the SHA-256 of the secret is kept; the token's id
-- is also the "session" its sockets and revocation are keyed by.
CREATE TABLE access_tokens (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL,
    scopes        text[] NOT NULL,
    secret_hash   bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX access_tokens_user ON access_tokens (user_id, created_at DESC);
