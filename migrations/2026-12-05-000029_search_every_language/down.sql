DROP INDEX messages_search;
ALTER TABLE messages DROP COLUMN search;
ALTER TABLE messages ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(body, ''))) STORED;
CREATE INDEX messages_search ON messages USING gin (conversation_id, search)
    WHERE deleted_at IS NULL;
DROP FUNCTION confab_search_document(text);
DROP FUNCTION confab_cjk_grams(text);
DROP TEXT SEARCH CONFIGURATION confab;
