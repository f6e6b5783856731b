DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_subscriptions;
DROP TABLE group_webhooks;
ALTER TABLE users DROP COLUMN bot;
