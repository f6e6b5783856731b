DROP INDEX users_bot_owner;
ALTER TABLE users DROP COLUMN bot_owner_id;
