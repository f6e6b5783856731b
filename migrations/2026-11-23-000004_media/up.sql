-- Uploaded media: the file lives under the configured media directory, named by
-- the row's id (no user input reaches a path). Images get a thumbnail and their
-- dimensions from a background job; until then `status` is 'processing'.
CREATE TABLE media (
    id           uuid PRIMARY KEY,
    uploader_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('image', 'audio', 'video')),
    mime         text NOT NULL,
    size         bigint NOT NULL,
    sha256       bytea NOT NULL,
    width        integer,
    height       integer,
    duration_ms  bigint,
    status       text NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
    has_thumbnail boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- First time it was attached (to a message, an avatar, a group photo);
    -- uploads never attached are removed after media.orphan_ttl_secs.
    attached_at  timestamptz
);
CREATE INDEX media_orphans ON media (created_at) WHERE attached_at IS NULL;
CREATE INDEX media_processing ON media (created_at) WHERE status = 'processing';

CREATE TABLE message_attachments (
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    media_id   uuid NOT NULL REFERENCES media (id),
    position   smallint NOT NULL,
    PRIMARY KEY (message_id, position)
);
-- "Who may see this media": the conversations it was shared in.
CREATE INDEX message_attachments_media ON message_attachments (media_id);
