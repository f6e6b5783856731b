-- Moderation that groups run themselves (issue #21): timeouts, slow mode and
-- an audit log.

-- A timed-out member reads but cannot write (send, edit, react, pin, type)
-- until the time passes; nothing has to end it.
ALTER TABLE conversation_members ADD COLUMN timed_out_until timestamptz;

-- The one write rule learns the timeout (code 7); the rest is migration
-- 000010's rule unchanged.
CREATE OR REPLACE FUNCTION confab_write_check(p_conversation uuid, p_author uuid)
RETURNS SETOF smallint LANGUAGE sql STABLE ROWS 1 AS $$
    SELECT (CASE
        WHEN NOT EXISTS (
            SELECT 1 FROM conversation_members m
             WHERE m.conversation_id = p_conversation AND m.user_id = p_author) THEN 1
        WHEN EXISTS (
            SELECT 1 FROM conversation_members m
             WHERE m.conversation_id = p_conversation AND m.user_id = p_author
               AND m.timed_out_until > now()) THEN 7
        WHEN (SELECT c.kind FROM conversations c WHERE c.id = p_conversation) <> 'dm' THEN 0
        WHEN EXISTS (
            SELECT 1 FROM conversation_members o
              JOIN friendships f ON f.user_id = p_author AND f.friend_id = o.user_id
             WHERE o.conversation_id = p_conversation AND o.user_id <> p_author) THEN 0
        WHEN EXISTS (
            SELECT 1 FROM conversation_members o JOIN users u ON u.id = o.user_id
             WHERE o.conversation_id = p_conversation AND o.user_id <> p_author
               AND u.deleted_at IS NOT NULL) THEN 5
        ELSE 2
    END)::smallint
$$;

-- Seconds a member waits between messages (0: off); roles with
-- `bypass_slowmode` do not wait.
ALTER TABLE groups ADD COLUMN slowmode_secs integer NOT NULL DEFAULT 0
    CHECK (slowmode_secs BETWEEN 0 AND 21600);

-- Every moderation and settings action of a group: who, on whom, what, why.
CREATE TABLE group_audit_log (
    id         uuid PRIMARY KEY,
    group_id   uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    actor_id   uuid REFERENCES users (id) ON DELETE SET NULL,
    action     text NOT NULL,
    target_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    details    jsonb NOT NULL DEFAULT '{}',
    reason     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX group_audit_log_by_group ON group_audit_log (group_id, id DESC);
