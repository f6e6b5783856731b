-- How much each member hears of a conversation: every message, mentions only,
-- or nothing; and a mute, for a while (muted_until) or until turned off
-- (muted with no end). A muted conversation still counts unread, quietly.
ALTER TABLE conversation_members
    ADD COLUMN notify_level text NOT NULL DEFAULT 'all'
        CHECK (notify_level IN ('all', 'mentions', 'nothing')),
    ADD COLUMN muted boolean NOT NULL DEFAULT false,
    ADD COLUMN muted_until timestamptz,
    ADD CONSTRAINT conversation_members_mute_has_end_only_when_muted
        CHECK (muted OR muted_until IS NULL);
