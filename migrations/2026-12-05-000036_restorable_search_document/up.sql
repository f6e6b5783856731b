-- A dump of the database could not be restored: pg_restore runs with an empty
-- search_path, and creating `messages` inlines its generated column's function,
-- whose 'confab' text search configuration and confab_cjk_grams were found
-- through the search_path ("text search configuration "confab" does not
-- exist"; scripts/vm-test's backup-and-restore drill). Every name in the
-- function is schema-qualified now. Same result, so the stored column stays.
CREATE OR REPLACE FUNCTION confab_search_document(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('public.confab'::regconfig, coalesce(body, ''))
           || CASE WHEN body ~ '[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]'
                   THEN array_to_tsvector(public.confab_cjk_grams(body))
                   ELSE ''::tsvector END
$$;
