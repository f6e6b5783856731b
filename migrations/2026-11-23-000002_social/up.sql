-- Friends, blocks, conversations (DMs now, groups later), messages, read state,
-- notifications, and the transactional outbox of events.

-- A friend request exists only while pending: accepting turns it into a
-- friendship, declining or cancelling deletes it.
CREATE TABLE friend_requests (
    id           uuid PRIMARY KEY,
    from_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    to_user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (from_user_id <> to_user_id),
    UNIQUE (from_user_id, to_user_id)
);
CREATE INDEX friend_requests_to ON friend_requests (to_user_id);

-- Two rows per friendship, one per direction, so "friends of X" is one index range.
CREATE TABLE friendships (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    friend_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, friend_id),
    CHECK (user_id <> friend_id)
);

CREATE TABLE blocks (
    blocker_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

-- Prefix search on usernames (stored lower-case).
CREATE INDEX users_username_prefix ON users (username text_pattern_ops) WHERE deleted_at IS NULL;

-- One model for DMs and groups.
CREATE TABLE conversations (
    id         uuid PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('dm', 'group')),
    -- For DMs: the two user ids, smaller first, so each pair has one DM.
    dm_key     text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'dm') = (dm_key IS NOT NULL))
);

CREATE TABLE conversation_members (
    conversation_id      uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at            timestamptz NOT NULL DEFAULT now(),
    -- The newest message this member has read (ids are time-ordered UUIDv7).
    last_read_message_id uuid,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members (user_id);

CREATE TABLE messages (
    id              uuid PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author_id       uuid REFERENCES users (id),
    -- NULL once deleted: the row stays as a tombstone.
    body            text,
    reply_to_id     uuid REFERENCES messages (id) ON DELETE SET NULL,
    nonce           text,
    created_at      timestamptz NOT NULL,
    edited_at       timestamptz,
    deleted_at      timestamptz
);
-- History pages and "the last message" walk this index.
CREATE INDEX messages_conversation_id ON messages (conversation_id, id);
-- A retried send with the same nonce finds the first message.
CREATE UNIQUE INDEX messages_nonce ON messages (conversation_id, author_id, nonce) WHERE nonce IS NOT NULL;

CREATE TABLE notifications (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL,
    actor_id   uuid REFERENCES users (id) ON DELETE SET NULL,
    data       jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- The transactional outbox: every event is written here in the transaction of
-- the change it describes, then published to Redis streams by the relay.
-- `seq` is given by the relay (the one leader) just before publishing; it becomes
-- the event's stream id, so a republished event can be recognised.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    event_type   text NOT NULL,
    recipients   uuid[] NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    seq          bigint UNIQUE,
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
