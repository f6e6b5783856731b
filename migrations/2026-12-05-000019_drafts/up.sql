-- Drafts: the unsent text of a composer, per user and conversation, kept on
-- the server so it follows its writer to their other tabs and devices.
CREATE TABLE drafts (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    body text NOT NULL,
    reply_to_id uuid,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, conversation_id)
);
