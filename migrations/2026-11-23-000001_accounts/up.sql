-- Accounts: users, their logins (sessions) and the refresh tokens of each login.

CREATE TABLE users (
    id              uuid PRIMARY KEY,
    -- Stored lower-case (usernames are case-insensitive); the unique index on
    -- lower() guards against any writer that forgets.
    username        text NOT NULL,
    -- NULL for accounts that can only sign in through an external identity provider,
    -- and for deleted accounts.
    password_hash   text,
    email           text,
    display_name    text,
    bio             text NOT NULL DEFAULT '',
    status_text     text NOT NULL DEFAULT '',
    avatar_media_id uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- When the user's last connection went away (presence lives in Redis).
    last_seen_at    timestamptz,
    -- Deleted accounts keep their row (their messages keep an author) but lose
    -- their name, credentials and profile.
    deleted_at      timestamptz
);

CREATE UNIQUE INDEX users_username_unique ON users (lower(username));

-- One row per login: what "log out" and "revoke all other logins" act on.
CREATE TABLE sessions (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    user_agent   text
);

CREATE INDEX sessions_user_id ON sessions (user_id) WHERE revoked_at IS NULL;

-- Refresh tokens are stored as SHA-256 hashes; each is usable once. A used token
-- presented again means it leaked, and revokes its whole session.
CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);
