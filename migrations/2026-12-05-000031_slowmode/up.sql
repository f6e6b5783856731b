-- Slow mode (issue #21): when a member last sent into a group whose slow mode
-- is on, to refuse their next message inside the window. Written only in such
-- groups, by the send that claims the window.
ALTER TABLE conversation_members ADD COLUMN last_sent_at timestamptz;
