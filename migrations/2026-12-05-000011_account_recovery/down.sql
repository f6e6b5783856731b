DROP TABLE account_events;
DROP TABLE recovery_codes;
DROP TABLE account_links;
DROP INDEX users_verified_email_key;
ALTER TABLE sessions DROP COLUMN ip;
