-- What edited messages said before: each edit keeps the text it replaced.
-- Deleting the message deletes its history with its body.
CREATE TABLE message_edits (
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    version integer NOT NULL,
    body text NOT NULL,
    -- When this text was written (the message's creation, or the edit before).
    written_at timestamptz NOT NULL,
    -- When an edit replaced it.
    replaced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, version)
);
