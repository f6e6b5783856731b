DROP INDEX messages_search;
DROP INDEX messages_pinned;
ALTER TABLE messages DROP COLUMN search, DROP COLUMN pinned_by, DROP COLUMN pinned_at;
DROP TABLE message_mentions;
DROP TABLE message_reactions;
