DROP TABLE outbox_relay_progress;
