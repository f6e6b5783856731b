-- confab_write_check as one expression (no FROM), so Postgres inlines it into
-- the batched send's statement instead of calling it once per message, and
-- with the common case (friends in a DM) decided first: the call per message
-- cost a fifth of the durable send rate (scripts/bench messages). Same rule
-- and codes as migration 000007 (a deleted account has no friendships, so a
-- DM with one is never allowed).
CREATE OR REPLACE FUNCTION confab_write_check(p_conversation uuid, p_author uuid)
RETURNS smallint LANGUAGE sql STABLE AS $$
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
