ALTER TABLE conversation_members
    DROP CONSTRAINT conversation_members_mute_has_end_only_when_muted,
    DROP COLUMN muted_until,
    DROP COLUMN muted,
    DROP COLUMN notify_level;
