-- A forwarded copy names its original (the link shown to readers who can see
-- it); the copy stays if the original's conversation goes.
ALTER TABLE messages ADD COLUMN forwarded_from_id uuid REFERENCES messages (id) ON DELETE SET NULL;
