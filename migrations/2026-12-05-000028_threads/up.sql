-- Threads: a reply in a thread is a message whose thread_id names its root, a
-- message of the main timeline. Replies stay out of the main timeline (its
-- history, unread count and last message read `thread_id IS NULL`).
ALTER TABLE messages ADD COLUMN thread_id uuid REFERENCES messages (id) ON DELETE CASCADE;
CREATE INDEX messages_thread_replies ON messages (thread_id, id) WHERE thread_id IS NOT NULL;

-- A root's summary, kept by each reply's transaction (which locks this row,
-- so replies to one thread take turns), so the main timeline shows a count,
-- the last repliers and the last reply's time without counting replies.
CREATE TABLE threads (
    root_id         uuid PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    reply_count     integer NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
    last_reply_id   uuid,
    last_reply_at   timestamptz,
    -- The latest distinct repliers, newest first, at most three.
    last_repliers   uuid[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX threads_by_activity ON threads (conversation_id, last_reply_id DESC);

-- Who takes part: the root's author, everyone who replied or was mentioned
-- in it, and whoever follows it. Followers get unread state and notifications;
-- unfollowing keeps the row (and the read marker) with following = false.
CREATE TABLE thread_members (
    root_id      uuid NOT NULL REFERENCES threads (root_id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    following    boolean NOT NULL,
    last_read_id uuid,
    PRIMARY KEY (root_id, user_id)
);
CREATE INDEX thread_members_followed ON thread_members (user_id, root_id) WHERE following;

-- The send function learns the thread: a reply's root must be a live,
-- non-system message of the main timeline of the same conversation (code 6).
DROP FUNCTION confab_send_messages(uuid[], uuid[], uuid[], text[], uuid[], text[], timestamptz[], jsonb[], text);
CREATE FUNCTION confab_send_messages(
    p_conversations uuid[], p_authors uuid[], p_ids uuid[], p_bodies text[], p_reply_tos uuid[],
    p_nonces text[], p_created_ats timestamptz[], p_payloads jsonb[], p_event_type text,
    p_threads uuid[]
) RETURNS smallint[] LANGUAGE plpgsql AS $$
DECLARE
    v_codes smallint[];
BEGIN
    WITH input AS (
        SELECT * FROM unnest(p_conversations, p_authors, p_ids, p_bodies, p_reply_tos,
                             p_nonces, p_created_ats, p_payloads, p_threads)
               WITH ORDINALITY AS t(conversation, author, id, body, reply_to, nonce, created_at, payload, thread, n)
    ), checked AS (
        SELECT i.*, w.verdict,
               i.reply_to IS NULL OR EXISTS (
                   SELECT 1 FROM messages r
                    WHERE r.id = i.reply_to AND r.conversation_id = i.conversation) AS reply_ok,
               i.thread IS NULL OR EXISTS (
                   SELECT 1 FROM messages t
                    WHERE t.id = i.thread AND t.conversation_id = i.conversation
                      AND t.thread_id IS NULL AND t.deleted_at IS NULL
                      AND t.system IS NULL) AS thread_ok
          FROM input i
         CROSS JOIN LATERAL confab_write_check(i.conversation, i.author) AS w(verdict)
    ), inserted AS (
        INSERT INTO messages (id, conversation_id, author_id, body, reply_to_id, nonce, created_at, thread_id)
        SELECT id, conversation, author, body, reply_to, nonce, created_at, thread
          FROM checked WHERE verdict = 0 AND reply_ok AND thread_ok
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
                          WHEN NOT k.thread_ok THEN 6
                          WHEN ins.id IS NULL THEN 4
                          ELSE 0 END::smallint ORDER BY k.n)
      INTO v_codes
      FROM checked k LEFT JOIN inserted ins USING (id);
    RETURN v_codes;
END
$$;
