DROP TABLE group_audit_log;
ALTER TABLE groups DROP COLUMN slowmode_secs;
ALTER TABLE conversation_members DROP COLUMN timed_out_until;
-- The write rule as migration 000010 left it.
CREATE OR REPLACE FUNCTION confab_write_check(p_conversation uuid, p_author uuid)
RETURNS SETOF smallint LANGUAGE sql STABLE ROWS 1 AS $$
    SELECT (CASE
        WHEN NOT EXISTS (
            SELECT 1 FROM conversation_members m
             WHERE m.conversation_id = p_conversation AND m.user_id = p_author) THEN 1
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
