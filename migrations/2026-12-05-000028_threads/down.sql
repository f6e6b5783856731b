DROP FUNCTION confab_send_messages(uuid[], uuid[], uuid[], text[], uuid[], text[], timestamptz[], jsonb[], text, uuid[]);
DROP TABLE thread_members;
DROP TABLE threads;
ALTER TABLE messages DROP COLUMN thread_id;
-- The send function as migration 000010 left it.
CREATE OR REPLACE FUNCTION confab_send_messages(
    p_conversations uuid[], p_authors uuid[], p_ids uuid[], p_bodies text[], p_reply_tos uuid[],
    p_nonces text[], p_created_ats timestamptz[], p_payloads jsonb[], p_event_type text
) RETURNS smallint[] LANGUAGE plpgsql AS $$
DECLARE
    v_codes smallint[];
BEGIN
    WITH input AS (
        SELECT * FROM unnest(p_conversations, p_authors, p_ids, p_bodies, p_reply_tos,
                             p_nonces, p_created_ats, p_payloads)
               WITH ORDINALITY AS t(conversation, author, id, body, reply_to, nonce, created_at, payload, n)
    ), checked AS (
        SELECT i.*, w.verdict,
               i.reply_to IS NULL OR EXISTS (
                   SELECT 1 FROM messages r
                    WHERE r.id = i.reply_to AND r.conversation_id = i.conversation) AS reply_ok
          FROM input i
         CROSS JOIN LATERAL confab_write_check(i.conversation, i.author) AS w(verdict)
    ), inserted AS (
        INSERT INTO messages (id, conversation_id, author_id, body, reply_to_id, nonce, created_at)
        SELECT id, conversation, author, body, reply_to, nonce, created_at
          FROM checked WHERE verdict = 0 AND reply_ok
         ORDER BY n
        ON CONFLICT DO NOTHING
        RETURNING id
    ), events AS (
        INSERT INTO outbox (event_type, recipients, payload)
        SELECT p_event_type,
               ARRAY(SELECT user_id FROM conversation_members WHERE conversation_id = k.conversation),
               k.payload
          FROM checked k JOIN inserted USING (id)
         ORDER BY k.n
    )
    SELECT array_agg(CASE WHEN k.verdict <> 0 THEN k.verdict
                          WHEN NOT k.reply_ok THEN 3
                          WHEN ins.id IS NULL THEN 4
                          ELSE 0 END::smallint ORDER BY k.n)
      INTO v_codes
      FROM checked k LEFT JOIN inserted ins USING (id);
    RETURN v_codes;
END
$$;
