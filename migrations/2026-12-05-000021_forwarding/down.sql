ALTER TABLE messages DROP COLUMN forwarded_from_id;
