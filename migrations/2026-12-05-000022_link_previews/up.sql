-- Link previews. What a page said, cached per URL (a failed fetch is cached
-- too, so a dead link is not fetched for every message); which previews a
-- message shows, in the order of its links (its author can remove them).
CREATE TABLE link_previews (
    url text PRIMARY KEY,
    fetched_at timestamptz NOT NULL DEFAULT now(),
    ok boolean NOT NULL,
    title text,
    description text,
    site_name text
);

CREATE TABLE message_previews (
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    position smallint NOT NULL,
    url text NOT NULL REFERENCES link_previews (url) ON DELETE CASCADE,
    removed boolean NOT NULL DEFAULT false,
    PRIMARY KEY (message_id, position)
);

-- The sender's choice: their messages' links get previews (the default) or not.
ALTER TABLE users ADD COLUMN link_previews boolean NOT NULL DEFAULT true;
