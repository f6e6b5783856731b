-- A group's own emoji (issue #21): a picture (an image upload) with a name,
-- used as `:name:` in messages and reactions.
CREATE TABLE group_emoji (
    id         uuid PRIMARY KEY,
    group_id   uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (name ~ '^[a-z0-9_]{2,32}$'),
    media_id   uuid NOT NULL REFERENCES media (id),
    creator_id uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (group_id, name)
);
-- Whether a medium is an emoji's picture (who may fetch it).
CREATE INDEX group_emoji_media ON group_emoji (media_id);
