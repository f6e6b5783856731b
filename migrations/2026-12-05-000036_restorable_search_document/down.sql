CREATE OR REPLACE FUNCTION confab_search_document(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('confab', coalesce(body, ''))
           || CASE WHEN body ~ '[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]'
                   THEN array_to_tsvector(confab_cjk_grams(body))
                   ELSE ''::tsvector END
$$;
