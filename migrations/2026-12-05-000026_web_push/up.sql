-- Web Push: a browser's subscription (its push service endpoint and keys),
-- tied to the login that made it, so logging out or revoking that login stops
-- its pushes; and the pushes owed, written by the relay as it numbers events
-- and sent by the push workers (retried with backoff, dropped when the push
-- service says the subscription is gone).
CREATE TABLE push_subscriptions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    endpoint text NOT NULL UNIQUE,
    p256dh text NOT NULL,
    auth text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_pushed_at timestamptz
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

CREATE TABLE push_deliveries (
    id bigserial PRIMARY KEY,
    subscription_id uuid NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_until timestamptz
);
CREATE INDEX push_deliveries_due ON push_deliveries (next_attempt_at);

-- Whether pushes may show what a message says (off: "New message").
ALTER TABLE users ADD COLUMN push_previews boolean NOT NULL DEFAULT false;
