-- Invite links (issue #21): anyone holding the link may join the group (a
-- private one too) until it expires, is used up or is revoked; bans still
-- hold. The code is the credential: random, unguessable, unique.
CREATE TABLE group_invite_links (
    id         uuid PRIMARY KEY,
    group_id   uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    code       text NOT NULL UNIQUE,
    creator_id uuid REFERENCES users (id) ON DELETE SET NULL,
    max_uses   integer CHECK (max_uses BETWEEN 1 AND 10000),
    uses       integer NOT NULL DEFAULT 0 CHECK (uses >= 0),
    expires_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX group_invite_links_by_group ON group_invite_links (group_id, created_at DESC);
