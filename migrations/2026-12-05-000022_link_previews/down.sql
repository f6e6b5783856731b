ALTER TABLE users DROP COLUMN link_previews;
DROP TABLE message_previews;
DROP TABLE link_previews;
