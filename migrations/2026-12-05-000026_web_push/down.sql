ALTER TABLE users DROP COLUMN push_previews;
DROP TABLE push_deliveries;
DROP TABLE push_subscriptions;
