-- Webhooks. Incoming: a group's URLs that post messages as a named
-- integration (an account of its own, marked as a bot). Outgoing: a user's or
-- a group's subscriptions of a URL to event types, and the log of deliveries.

-- One mark for every account run by code: bots and integrations alike.
ALTER TABLE users ADD COLUMN bot boolean NOT NULL DEFAULT false;
UPDATE users SET bot = true WHERE bot_owner_id IS NOT NULL;

CREATE TABLE group_webhooks (
    id uuid PRIMARY KEY,
    group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    -- The integration's account: its messages are this user's.
    user_id uuid NOT NULL UNIQUE REFERENCES users (id),
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    -- SHA-256 of the URL's secret part.
    token_hash bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);
CREATE INDEX group_webhooks_group ON group_webhooks (group_id);

CREATE TABLE webhook_subscriptions (
    id uuid PRIMARY KEY,
    -- Exactly one owner: a user (events they receive) or a group (its events).
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    group_id uuid REFERENCES groups (id) ON DELETE CASCADE,
    -- The group's conversation, so message events match without a join.
    conversation_id uuid,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    url text NOT NULL,
    -- The signing key: needed in the clear to sign, shown once to its owner.
    secret text NOT NULL,
    event_types text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz,
    disabled_reason text,
    CHECK ((user_id IS NULL) <> (group_id IS NULL)),
    CHECK ((group_id IS NULL) = (conversation_id IS NULL))
);
CREATE INDEX webhook_subscriptions_user ON webhook_subscriptions (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX webhook_subscriptions_group ON webhook_subscriptions (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX webhook_subscriptions_conversation ON webhook_subscriptions (conversation_id) WHERE conversation_id IS NOT NULL;

-- One event for one subscription, written by the outbox relay in the statement
-- that numbers the event; retried until delivered or its retry window ends.
CREATE TABLE webhook_deliveries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_seq bigint NOT NULL,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- A worker holds the delivery until then; a crashed one's claim runs out.
    claimed_until timestamptz,
    finished_at timestamptz,
    UNIQUE (subscription_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, created_at DESC);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE webhook_attempts (
    delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    -- The receiver's HTTP status; null when there was no answer.
    status integer,
    latency_ms integer NOT NULL,
    error text,
    PRIMARY KEY (delivery_id, attempt)
);
