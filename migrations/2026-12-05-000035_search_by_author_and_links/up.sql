-- Search operators that the text index cannot narrow (issue #19, measured
-- in docs/bench/search.md): `from:` reads a person's own messages newest
-- first, and `has:link` the messages that hold a link, instead of every
-- message of every conversation the searcher is in.
-- With the conversation in the key, the searcher's conversations are read
-- from the index alone (no second bitmap over every message of them).
CREATE INDEX messages_by_author ON messages (author_id, conversation_id, id) WHERE deleted_at IS NULL;
CREATE INDEX messages_with_links ON messages (conversation_id, id)
    WHERE deleted_at IS NULL AND body ~* '(https?://|www\.)';
