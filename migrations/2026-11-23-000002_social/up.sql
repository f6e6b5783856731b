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
-- the change it describes, then published to Redis streams by the relay, which
-- deletes it once Redis has it (a delete writes no index entries; the streams
-- are the record from then on). `seq` is given by the relay (the one leader)
-- just before publishing; it becomes the event's stream id, so a republished
-- event can be recognised. It has no index, and pages keep room, so numbering a
-- row is a HOT update.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    event_type text NOT NULL,
    recipients uuid[] NOT NULL,
    payload    jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    seq        bigint
) WITH (fillfactor = 70);

-- The last publish sequence number given out; one row, updated with each batch.
CREATE TABLE outbox_relay (
    singleton bool PRIMARY KEY DEFAULT true CHECK (singleton),
    last_seq  bigint NOT NULL
);
INSERT INTO outbox_relay (last_seq) VALUES (0);

-- Sending messages: the checks, the messages and their events, for a batch of
-- sends (one when traffic is light) in one call and one commit. A function so
-- its statement is planned once per connection, not per send; set-based, so a
-- batch is one executor run. Returns one code per message: 0 sent, 1 not a
-- member, 2 a DM without friendship, 3 bad reply_to, 4 the nonce was used
-- already (the caller fetches that message).
CREATE FUNCTION confab_send_messages(
    p_conversations uuid[], p_authors uuid[], p_ids uuid[], p_bodies text[], p_reply_tos uuid[],
    p_nonces text[], p_created_ats timestamptz[], p_payloads jsonb[], p_event_type text
) RETURNS smallint[] LANGUAGE plpgsql AS $$
DECLARE
    v_codes smallint[];
BEGIN
    WITH input AS (
        SELECT * FROM unnest(p_conversations, p_authors, p_ids, p_bodies, p_reply_tos,
                             p_nonces, p_created_ats, p_payloads)
               WITH ORDINALITY AS t(conversation, author, id, body, reply_to, nonce, created_at, payload, n)
    ), checked AS (
        SELECT i.*,
               c.kind IS NOT NULL AS member,
               c.kind IS DISTINCT FROM 'dm' OR EXISTS (
                   SELECT 1 FROM conversation_members o
                     JOIN friendships f ON f.user_id = i.author AND f.friend_id = o.user_id
                    WHERE o.conversation_id = i.conversation AND o.user_id <> i.author) AS allowed,
               i.reply_to IS NULL OR EXISTS (
                   SELECT 1 FROM messages r
                    WHERE r.id = i.reply_to AND r.conversation_id = i.conversation) AS reply_ok
          FROM input i
          LEFT JOIN LATERAL (
              SELECT c.kind FROM conversations c
                JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = i.author
               WHERE c.id = i.conversation) c ON true
    ), inserted AS (
        INSERT INTO messages (id, conversation_id, author_id, body, reply_to_id, nonce, created_at)
        SELECT id, conversation, author, body, reply_to, nonce, created_at
          FROM checked WHERE member AND allowed AND reply_ok
         ORDER BY n
        ON CONFLICT DO NOTHING
        RETURNING id
    ), events AS (
        INSERT INTO outbox (event_type, recipients, payload)
        SELECT p_event_type,
               ARRAY(SELECT user_id FROM conversation_members WHERE conversation_id = k.conversation),
               k.payload
          FROM checked k JOIN inserted USING (id)
         ORDER BY k.n
    )
    SELECT array_agg(CASE WHEN NOT k.member THEN 1
                          WHEN NOT k.allowed THEN 2
                          WHEN NOT k.reply_ok THEN 3
                          WHEN ins.id IS NULL THEN 4
                          ELSE 0 END::smallint ORDER BY k.n)
      INTO v_codes
      FROM checked k LEFT JOIN inserted ins USING (id);
    RETURN v_codes;
END
$$;
