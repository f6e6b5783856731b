-- Search that finds what people type, in any language (issue #19):
-- * accents fold: the `confab` configuration is 'simple' (lower-case, no
--   stemming, no stop words) with unaccent before it, so `cafe` finds `café`
--   (and ts_headline still marks the words as written);
-- * Chinese, Japanese and Korean are written without spaces between words,
--   so Postgres's parser sees a whole run (`我家在上海东边`) as one word.
--   Each run also gives its overlapping pairs of characters (`我家`, `家在`,
--   `在上`, `上海`, ...) and its last character, so any substring of two or
--   more characters is found by its pairs and a single character by prefix.
--   The pairs carry no positions; the search rechecks the text itself.
-- Word prefixes (`deploy` finds `deployment`) are the query's `:*`.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION confab (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION confab
    ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart
    WITH unaccent, simple;

-- Han (with its extensions and compatibility ideographs), hiragana, katakana
-- (with the prolonged sound mark), and Hangul syllables and jamo.
CREATE FUNCTION confab_cjk_grams(body text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(r.run, i, 2)), '{}')
      FROM (SELECT m[1] AS run
              FROM regexp_matches(body,
                   '[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+',
                   'g') AS m) AS r
     CROSS JOIN LATERAL generate_series(1, length(r.run)) AS i
$$;

-- What a body is searched by. The pairs are built only for a body with such
-- characters: the test alone costs ~1 µs a message, the pairs ~5 µs.
CREATE FUNCTION confab_search_document(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('confab', coalesce(body, ''))
           || CASE WHEN body ~ '[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]'
                   THEN array_to_tsvector(confab_cjk_grams(body))
                   ELSE ''::tsvector END
$$;

DROP INDEX messages_search;
ALTER TABLE messages DROP COLUMN search;
ALTER TABLE messages ADD COLUMN search tsvector
    GENERATED ALWAYS AS (confab_search_document(body)) STORED;
CREATE INDEX messages_search ON messages USING gin (conversation_id, search)
    WHERE deleted_at IS NULL;
