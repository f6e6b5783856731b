-- Back to the form of migration 000007 (not inlined).
CREATE OR REPLACE FUNCTION confab_write_check(p_conversation uuid, p_author uuid)
RETURNS smallint LANGUAGE sql STABLE AS $$
    SELECT (CASE
        WHEN k.kind IS NULL THEN 1
        WHEN k.kind <> 'dm' THEN 0
        WHEN EXISTS (
            SELECT 1 FROM conversation_members o JOIN users u ON u.id = o.user_id
             WHERE o.conversation_id = p_conversation AND o.user_id <> p_author
               AND u.deleted_at IS NOT NULL) THEN 5
        WHEN NOT EXISTS (
            SELECT 1 FROM conversation_members o
              JOIN friendships f ON f.user_id = p_author AND f.friend_id = o.user_id
             WHERE o.conversation_id = p_conversation AND o.user_id <> p_author) THEN 2
        ELSE 0
    END)::smallint
    FROM (SELECT (SELECT c.kind FROM conversations c
                    JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = p_author
                   WHERE c.id = p_conversation) AS kind) k
$$;
