-- Reactions, mentions, pins and full-text search over messages.

-- One row per (message, emoji, user): "one of each per user" is the key.
CREATE TABLE message_reactions (
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    emoji      text NOT NULL,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, emoji, user_id)
);

-- Who a message mentioned (by @username, or everyone by @everyone). Keyed for
-- "my mentions in this conversation after my read marker".
CREATE TABLE message_mentions (
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, conversation_id, message_id)
);
CREATE INDEX message_mentions_message ON message_mentions (message_id);

ALTER TABLE messages
    ADD COLUMN pinned_at timestamptz,
    ADD COLUMN pinned_by uuid REFERENCES users (id) ON DELETE SET NULL,
    -- The words of the body, for search. 'simple' lower-cases without stemming
    -- or stop words: people chat in every language, often several at once.
    ADD COLUMN search tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(body, ''))) STORED;

CREATE INDEX messages_pinned ON messages (conversation_id, pinned_at) WHERE pinned_at IS NOT NULL;

-- Search looks only inside the searcher's conversations: with btree_gin the
-- conversation ids and the words are one index, so a common word costs what
-- it matches in those conversations, not in the whole table.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX messages_search ON messages USING gin (conversation_id, search)
    WHERE deleted_at IS NULL;
