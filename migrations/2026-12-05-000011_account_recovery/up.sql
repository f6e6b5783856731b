-- Where each login came from, for the user's list of sessions.
ALTER TABLE sessions ADD COLUMN ip text;

-- A proven email belongs to one live account (case-insensitive); unproven ones
-- may repeat, since anyone can type any address.
CREATE UNIQUE INDEX users_verified_email_key ON users (lower(email))
    WHERE email_verified_at IS NOT NULL AND deleted_at IS NULL;

-- Single-use links: proving an email, resetting a password. Only the SHA-256 of
-- the token is kept. `email` is the address a verification link proves.
CREATE TABLE account_links (
    token_hash  bytea PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    email       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX account_links_user ON account_links (user_id, purpose);

-- One-time recovery codes, hashed; a new set replaces the old.
CREATE TABLE recovery_codes (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- What happened to an account's security (resets, recovery codes used, email
-- proven, sessions ended), with where from: the user's security log.
CREATE TABLE account_events (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    ip          text,
    user_agent  text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_events_user ON account_events (user_id, id DESC);
