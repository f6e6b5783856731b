-- Every hot table carries conversation_id, the key a distributed Postgres
-- (Citus) would shard by, so that choice stays open (docs/scaling.md, "Past
-- that"). messages, conversation_members, message_mentions, drafts and
-- threads already did; these reached it only through message_id or root_id.
--
-- This release writes the column itself. Rows written by the release before
-- it (its processes still serve during a rolling upgrade) get it from their
-- message or thread by a trigger, before NOT NULL is checked.

ALTER TABLE message_reactions ADD COLUMN conversation_id uuid;
ALTER TABLE message_attachments ADD COLUMN conversation_id uuid;
ALTER TABLE message_previews ADD COLUMN conversation_id uuid;
ALTER TABLE message_edits ADD COLUMN conversation_id uuid;
ALTER TABLE thread_members ADD COLUMN conversation_id uuid;

UPDATE message_reactions r SET conversation_id = m.conversation_id
  FROM messages m WHERE m.id = r.message_id;
UPDATE message_attachments a SET conversation_id = m.conversation_id
  FROM messages m WHERE m.id = a.message_id;
UPDATE message_previews p SET conversation_id = m.conversation_id
  FROM messages m WHERE m.id = p.message_id;
UPDATE message_edits e SET conversation_id = m.conversation_id
  FROM messages m WHERE m.id = e.message_id;
UPDATE thread_members tm SET conversation_id = t.conversation_id
  FROM threads t WHERE t.root_id = tm.root_id;

CREATE FUNCTION confab_conversation_of_message() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT conversation_id INTO NEW.conversation_id FROM messages WHERE id = NEW.message_id;
  RETURN NEW;
END
$$;

CREATE FUNCTION confab_conversation_of_thread() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT conversation_id INTO NEW.conversation_id FROM threads WHERE root_id = NEW.root_id;
  RETURN NEW;
END
$$;

CREATE TRIGGER message_reactions_conversation BEFORE INSERT ON message_reactions
  FOR EACH ROW WHEN (NEW.conversation_id IS NULL) EXECUTE FUNCTION confab_conversation_of_message();
CREATE TRIGGER message_attachments_conversation BEFORE INSERT ON message_attachments
  FOR EACH ROW WHEN (NEW.conversation_id IS NULL) EXECUTE FUNCTION confab_conversation_of_message();
CREATE TRIGGER message_previews_conversation BEFORE INSERT ON message_previews
  FOR EACH ROW WHEN (NEW.conversation_id IS NULL) EXECUTE FUNCTION confab_conversation_of_message();
CREATE TRIGGER message_edits_conversation BEFORE INSERT ON message_edits
  FOR EACH ROW WHEN (NEW.conversation_id IS NULL) EXECUTE FUNCTION confab_conversation_of_message();
CREATE TRIGGER thread_members_conversation BEFORE INSERT ON thread_members
  FOR EACH ROW WHEN (NEW.conversation_id IS NULL) EXECUTE FUNCTION confab_conversation_of_thread();

ALTER TABLE message_reactions ALTER COLUMN conversation_id SET NOT NULL;
ALTER TABLE message_attachments ALTER COLUMN conversation_id SET NOT NULL;
ALTER TABLE message_previews ALTER COLUMN conversation_id SET NOT NULL;
ALTER TABLE message_edits ALTER COLUMN conversation_id SET NOT NULL;
ALTER TABLE thread_members ALTER COLUMN conversation_id SET NOT NULL;
