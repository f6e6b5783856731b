-- Archives of a user's own data, built in the background. The file lives in
-- the media directory under exports/<id>.zip while the row says `ready`.
CREATE TABLE data_exports (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       text NOT NULL CHECK (status IN ('building', 'ready', 'failed')),
    size_bytes   bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX data_exports_user ON data_exports (user_id, created_at DESC);
