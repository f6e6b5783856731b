ALTER TABLE conversation_members DROP COLUMN last_sent_at;
